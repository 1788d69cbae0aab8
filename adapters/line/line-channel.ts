import type {
  InboundParseResult,
  InboundRequest,
  MessengerChannel,
} from "../../core/ports/messenger-channel.ts";
import { parseLineEvents, verifyLineSignature } from "./inbound.ts";
import { LineOutbound, type LineOutboundOptions } from "./line-outbound.ts";

export type LineChannelOptions = LineOutboundOptions & {
  readonly channelSecret: string;
};

/**
 * A LINE official account through the Messaging API. LINE sends no delivery receipts for
 * push messages, so there is no status parser.
 */
export class LineChannel extends LineOutbound implements MessengerChannel {
  readonly #channelSecret: string;

  constructor(options: LineChannelOptions) {
    super(options);
    this.#channelSecret = options.channelSecret;
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    verifyLineSignature(this.#channelSecret, request);
    return { kind: "events", messages: parseLineEvents(request.rawBody), statuses: [] };
  }
}
