import type { ChannelRules } from "../../core/channel-rules.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type {
  DeliveryStatusUpdate,
  InboundMessage,
  InboundParseResult,
  InboundRequest,
  MessengerChannel,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { parseTwilioInbound, twilioParams, verifyTwilioRequest } from "./inbound.ts";
import { TWILIO_SMS_RULES, TWILIO_WHATSAPP_RULES, type TwilioChannelKind } from "./rules.ts";
import { TwilioMessageSender, type TwilioSenderOptions } from "./send.ts";
import { isTwilioStatusCallback, parseTwilioStatus } from "./status.ts";

export type TwilioChannelOptions = Omit<TwilioSenderOptions, "maxTextLength"> & {
  readonly clock?: Clock;
};

const systemClock: Clock = { now: () => new Date() };

/**
 * SMS or WhatsApp through Twilio. One webhook route takes both inbound messages and status
 * callbacks: a status callback is the request that carries `MessageStatus`.
 */
abstract class TwilioChannel implements MessengerChannel {
  abstract readonly kind: TwilioChannelKind;
  abstract readonly rules: ChannelRules;
  readonly provider = "twilio";
  readonly #authToken: string;
  readonly #clock: Clock;
  readonly #options: TwilioChannelOptions;
  #sender: TwilioMessageSender | undefined;

  constructor(options: TwilioChannelOptions) {
    this.#options = options;
    this.#authToken = options.authToken;
    this.#clock = options.clock ?? systemClock;
  }

  send(message: OutboundMessage): Promise<SendResult> {
    this.#sender ??= new TwilioMessageSender({
      ...this.#options,
      maxTextLength: this.rules.maxTextLength,
    });
    return this.#sender.send(message);
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
  readonly kind = "sms";
  readonly rules = TWILIO_SMS_RULES;
}

export class TwilioWhatsAppChannel extends TwilioChannel {
  readonly kind = "whatsapp";
  readonly rules = TWILIO_WHATSAPP_RULES;
}
