import { type Clock, systemClock } from "../../core/ports/clock.ts";
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
import { TwilioOutbound, type TwilioOutboundOptions } from "./twilio-outbound.ts";

export type TwilioChannelOptions = TwilioOutboundOptions & {
  readonly clock?: Clock;
};

/**
 * SMS or WhatsApp through Twilio. One webhook route takes both inbound messages and status
 * callbacks: a status callback is the request that carries `MessageStatus`.
 */
class TwilioChannel extends TwilioOutbound implements MessengerChannel {
  readonly #authToken: string;
  readonly #clock: Clock;

  constructor(kind: TwilioChannelKind, options: TwilioChannelOptions) {
    super(kind, options);
    this.#authToken = options.authToken;
    this.#clock = options.clock ?? systemClock;
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    verifyTwilioRequest(this.#authToken, request);
    const params = twilioParams(request);
    const now = this.#clock.now();
    const messages: InboundMessage[] = [];
    const statuses: DeliveryStatusUpdate[] = [];
    if (isTwilioStatusCallback(params)) {
      const status = parseTwilioStatus({ kind: this.kind, params, at: now });
      if (status) statuses.push(status);
    } else {
      messages.push(parseTwilioInbound({ kind: this.kind, params, receivedAt: now }));
    }
    return { kind: "events", messages, statuses };
  }
}

export class TwilioSmsChannel extends TwilioChannel {
  constructor(options: TwilioChannelOptions) {
    super("sms", options);
  }
}

export class TwilioWhatsAppChannel extends TwilioChannel {
  constructor(options: TwilioChannelOptions) {
    super("whatsapp", options);
  }
}
