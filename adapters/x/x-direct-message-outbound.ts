import type {
  OutboundChannel,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { X_DIRECT_MESSAGE_RULES } from "./rules.ts";
import { XDirectMessageSender, type XSenderOptions } from "./send.ts";

export type XDirectMessageOutboundOptions = Omit<XSenderOptions, "rules">;

/** Sends X direct messages through the v2 DM API. */
export class XDirectMessageOutbound implements OutboundChannel {
  readonly kind = "x";
  readonly provider = "x";
  readonly rules = X_DIRECT_MESSAGE_RULES;
  readonly #sender: XDirectMessageSender;

  constructor(options: XDirectMessageOutboundOptions) {
    this.#sender = new XDirectMessageSender({ ...options, rules: this.rules });
  }

  send(message: OutboundMessage): Promise<SendResult> {
    return this.#sender.send(message);
  }
}
