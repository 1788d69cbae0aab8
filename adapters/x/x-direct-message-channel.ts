import type {
  InboundParseResult,
  InboundRequest,
  MessengerChannel,
} from "../../core/ports/messenger-channel.ts";
import { answerXCrc, parseXEvents, verifyXSignature } from "./inbound.ts";
import {
  XDirectMessageOutbound,
  type XDirectMessageOutboundOptions,
} from "./x-direct-message-outbound.ts";

export type XDirectMessageChannelOptions = XDirectMessageOutboundOptions;

/**
 * X direct messages: Account Activity webhooks in, v2 DM sends out. X sends no delivery
 * receipts for DMs (only read events without message ids), so there is no status parser.
 */
export class XDirectMessageChannel extends XDirectMessageOutbound implements MessengerChannel {
  readonly #consumerSecret: string;

  constructor(options: XDirectMessageChannelOptions) {
    super(options);
    this.#consumerSecret = options.credentials.appSecret;
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    if (request.method === "GET") return answerXCrc(this.#consumerSecret, request);
    verifyXSignature(this.#consumerSecret, request);
    return { kind: "events", messages: parseXEvents(request.rawBody), statuses: [] };
  }
}
