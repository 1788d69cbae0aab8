import type {
  InboundParseResult,
  InboundRequest,
  MessengerChannel,
} from "../../core/ports/messenger-channel.ts";
import { answerMetaVerification, parseMetaEvents, verifyMetaSignature } from "./inbound.ts";
import {
  MetaMessengerOutbound,
  type MetaMessengerOutboundOptions,
} from "./meta-messenger-outbound.ts";

export type MetaMessengerChannelOptions = MetaMessengerOutboundOptions & {
  readonly appSecret: string;
  /** The token we chose when subscribing the webhook; Meta echoes it in the verify GET. */
  readonly verifyToken: string;
};

/** Facebook Messenger through the Messenger Platform (Graph Send API and page webhooks). */
export class MetaMessengerChannel extends MetaMessengerOutbound implements MessengerChannel {
  readonly #appSecret: string;
  readonly #verifyToken: string;

  constructor(options: MetaMessengerChannelOptions) {
    super(options);
    this.#appSecret = options.appSecret;
    this.#verifyToken = options.verifyToken;
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    if (request.method === "GET") return answerMetaVerification(this.#verifyToken, request);
    verifyMetaSignature(this.#appSecret, request);
    return { kind: "events", ...parseMetaEvents(request.rawBody) };
  }
}
