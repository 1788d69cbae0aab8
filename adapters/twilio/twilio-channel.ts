import type { Clock } from "../../core/ports/clock.ts";
import type {
  DeliveryStatusUpdate,
  InboundMessage,
  InboundParseResult,
  InboundRequest,
  MessengerChannel,
} from "../../core/ports/messenger-channel.ts";
import { parseTwilioInbound, twilioParams, verifyTwilioRequest } from "./inbound.ts";
import type { TwilioChannelKind } from "./rules.ts";
import { isTwilioStatusCallback, parseTwilioStatus } from "./status.ts";
import {
  type TwilioOutboundOptions,
  TwilioSmsOutbound,
  TwilioWhatsAppOutbound,
} from "./twilio-outbound.ts";

export type TwilioChannelOptions = TwilioOutboundOptions & {
  readonly clock?: Clock;
};

const systemClock: Clock = { now: () => new Date() };

/** SMS through Twilio: sends, and verifies and parses the SMS webhook route. */
export class TwilioSmsChannel extends TwilioSmsOutbound implements MessengerChannel {
  readonly #inbound: TwilioInbound;

  constructor(options: TwilioChannelOptions) {
    super(options);
    this.#inbound = new TwilioInbound("sms", options);
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    return this.#inbound.verifyAndParse(request);
  }
}

/** WhatsApp through Twilio: sends, and verifies and parses the WhatsApp webhook route. */
export class TwilioWhatsAppChannel extends TwilioWhatsAppOutbound implements MessengerChannel {
  readonly #inbound: TwilioInbound;

  constructor(options: TwilioChannelOptions) {
    super(options);
    this.#inbound = new TwilioInbound("whatsapp", options);
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    return this.#inbound.verifyAndParse(request);
  }
}

/**
 * One Twilio webhook route takes both inbound messages and status callbacks: a status
 * callback is the request that carries `MessageStatus`.
 */
class TwilioInbound {
  readonly #kind: TwilioChannelKind;
  readonly #authToken: string;
  readonly #clock: Clock;

  constructor(kind: TwilioChannelKind, options: TwilioChannelOptions) {
    this.#kind = kind;
    this.#authToken = options.authToken;
    this.#clock = options.clock ?? systemClock;
  }

  verifyAndParse(request: InboundRequest): InboundParseResult {
    verifyTwilioRequest(this.#authToken, request);
    const params = twilioParams(request);
    const now = this.#clock.now();
    const messages: InboundMessage[] = [];
    const statuses: DeliveryStatusUpdate[] = [];
    if (isTwilioStatusCallback(params)) {
      const status = parseTwilioStatus({ kind: this.#kind, params, at: now });
      if (status) statuses.push(status);
    } else {
      messages.push(parseTwilioInbound({ kind: this.#kind, params, receivedAt: now }));
    }
    return { kind: "events", messages, statuses };
  }
}
