import type {
  InboundParseResult,
  InboundRequest,
  MessengerChannel,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { parseLineEvents, verifyLineSignature } from "./inbound.ts";
import { LINE_RULES } from "./rules.ts";
import { type LineSenderOptions, pushLineMessage, replyLineMessage } from "./send.ts";

export type LineChannelOptions = Omit<LineSenderOptions, "maxTextLength"> & {
  readonly channelSecret: string;
};

/**
 * A LINE official account through the Messaging API. LINE sends no delivery receipts for
 * push messages, so there is no status parser.
 */
export class LineChannel implements MessengerChannel {
  readonly kind = "line";
  readonly provider = "line";
  readonly rules = LINE_RULES;
  readonly #options: LineChannelOptions;

  constructor(options: LineChannelOptions) {
    this.#options = options;
  }

  /** Sends with push: the port's messages are not tied to one event's reply token. */
  send(message: OutboundMessage): Promise<SendResult> {
    return pushLineMessage({ ...this.#options, maxTextLength: this.rules.maxTextLength }, message);
  }

  /** Answers one event with its reply token (free, once, within about a minute). */
  reply(reply: { replyToken: string; text: string }): Promise<SendResult> {
    return replyLineMessage({ ...this.#options, maxTextLength: this.rules.maxTextLength }, reply);
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    verifyLineSignature(this.#options.channelSecret, request);
    return { kind: "events", messages: parseLineEvents(request.rawBody), statuses: [] };
  }
}
