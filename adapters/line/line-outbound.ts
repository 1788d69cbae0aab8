import type {
  OutboundChannel,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { LINE_RULES } from "./rules.ts";
import { type LineSenderOptions, pushLineMessage, replyLineMessage } from "./send.ts";

export type LineOutboundOptions = Omit<LineSenderOptions, "rules">;

/** Sends from a LINE official account through the Messaging API. */
export class LineOutbound implements OutboundChannel {
  readonly kind = "line";
  readonly provider = "line";
  readonly rules = LINE_RULES;
  readonly #options: LineOutboundOptions;

  constructor(options: LineOutboundOptions) {
    this.#options = options;
  }

  /** Sends with push: the port's messages are not tied to one event's reply token. */
  send(message: OutboundMessage): Promise<SendResult> {
    return pushLineMessage({ ...this.#options, rules: this.rules }, message);
  }

  /** Answers one event with its reply token (free, once, within about a minute). */
  reply(reply: { replyToken: string; text: string }): Promise<SendResult> {
    return replyLineMessage({ ...this.#options, rules: this.rules }, reply);
  }
}
