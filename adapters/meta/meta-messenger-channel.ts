import type { CustomerAddress } from "../../core/channel.ts";
import type {
  InboundParseResult,
  InboundRequest,
  MessengerChannel,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { answerMetaVerification, parseMetaEvents, verifyMetaSignature } from "./inbound.ts";
import { MESSENGER_RULES } from "./rules.ts";
import { type MetaSenderOptions, sendMetaMessage, sendMetaTyping } from "./send.ts";

export type MetaMessengerChannelOptions = Omit<MetaSenderOptions, "maxTextLength"> & {
  readonly appSecret: string;
  /** The token we chose when subscribing the webhook; Meta echoes it in the verify GET. */
  readonly verifyToken: string;
};

/** Facebook Messenger through the Messenger Platform (Graph Send API and page webhooks). */
export class MetaMessengerChannel implements MessengerChannel {
  readonly kind = "messenger";
  readonly provider = "meta";
  readonly rules = MESSENGER_RULES;
  readonly #options: MetaMessengerChannelOptions;

  constructor(options: MetaMessengerChannelOptions) {
    this.#options = options;
  }

  send(message: OutboundMessage): Promise<SendResult> {
    return sendMetaMessage({ ...this.#options, maxTextLength: this.rules.maxTextLength }, message);
  }

  /** The `typing_on` sender action; Messenger shows it for a few seconds. */
  showTyping(to: CustomerAddress): Promise<void> {
    return sendMetaTyping(this.#options, to);
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    if (request.method === "GET") return answerMetaVerification(this.#options.verifyToken, request);
    verifyMetaSignature(this.#options.appSecret, request);
    return { kind: "events", ...parseMetaEvents(request.rawBody) };
  }
}
