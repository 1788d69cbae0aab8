import type {
  InboundParseResult,
  InboundRequest,
  MessengerChannel,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { answerXCrc, parseXEvents, verifyXSignature } from "./inbound.ts";
import { X_DIRECT_MESSAGE_RULES } from "./rules.ts";
import { XDirectMessageSender, type XSenderOptions } from "./send.ts";

export type XDirectMessageChannelOptions = Omit<XSenderOptions, "maxTextLength">;

/**
 * X direct messages: Account Activity webhooks in, v2 DM sends out. X sends no delivery
 * receipts for DMs (only read events without message ids), so there is no status parser.
 */
export class XDirectMessageChannel implements MessengerChannel {
  readonly kind = "x";
  readonly provider = "x";
  readonly rules = X_DIRECT_MESSAGE_RULES;
  readonly #consumerSecret: string;
  readonly #sender: XDirectMessageSender;

  constructor(options: XDirectMessageChannelOptions) {
    this.#consumerSecret = options.credentials.appSecret;
    this.#sender = new XDirectMessageSender({
      ...options,
      maxTextLength: this.rules.maxTextLength,
    });
  }

  send(message: OutboundMessage): Promise<SendResult> {
    return this.#sender.send(message);
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    if (request.method === "GET") return answerXCrc(this.#consumerSecret, request);
    verifyXSignature(this.#consumerSecret, request);
    return { kind: "events", messages: parseXEvents(request.rawBody), statuses: [] };
  }
}
