import type { CustomerAddress } from "../../core/channel.ts";
import type {
  OutboundChannel,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { MESSENGER_RULES } from "./rules.ts";
import { type MetaSenderOptions, sendMetaMessage, sendMetaTyping } from "./send.ts";

export type MetaMessengerOutboundOptions = Omit<MetaSenderOptions, "rules">;

/** Sends Facebook Messenger messages and typing through the Graph Send API. */
export class MetaMessengerOutbound implements OutboundChannel {
  readonly kind = "messenger";
  readonly provider = "meta";
  readonly rules = MESSENGER_RULES;
  readonly #options: MetaMessengerOutboundOptions;

  constructor(options: MetaMessengerOutboundOptions) {
    this.#options = options;
  }

  send(message: OutboundMessage): Promise<SendResult> {
    return sendMetaMessage({ ...this.#options, rules: this.rules }, message);
  }

  /** The `typing_on` sender action; Messenger shows it for a few seconds. */
  showTyping(to: CustomerAddress): Promise<void> {
    return sendMetaTyping(this.#options, to);
  }
}
