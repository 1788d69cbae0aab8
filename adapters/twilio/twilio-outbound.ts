import type { ChannelRules } from "../../core/channel-rules.ts";
import type {
  OutboundChannel,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { TWILIO_SMS_RULES, TWILIO_WHATSAPP_RULES, type TwilioChannelKind } from "./rules.ts";
import { TwilioMessageSender, type TwilioSenderOptions } from "./send.ts";

export type TwilioOutboundOptions = Omit<TwilioSenderOptions, "rules">;

const RULES: Readonly<Record<TwilioChannelKind, ChannelRules>> = {
  sms: TWILIO_SMS_RULES,
  whatsapp: TWILIO_WHATSAPP_RULES,
};

/** Sends SMS or WhatsApp through Twilio's Messages API. */
export class TwilioOutbound implements OutboundChannel {
  readonly kind: TwilioChannelKind;
  readonly rules: ChannelRules;
  readonly provider = "twilio";
  readonly #sender: TwilioMessageSender;

  constructor(kind: TwilioChannelKind, options: TwilioOutboundOptions) {
    this.kind = kind;
    this.rules = RULES[kind];
    this.#sender = new TwilioMessageSender({ ...options, rules: this.rules });
  }

  send(message: OutboundMessage): Promise<SendResult> {
    return this.#sender.send(message);
  }
}

export class TwilioSmsOutbound extends TwilioOutbound {
  constructor(options: TwilioOutboundOptions) {
    super("sms", options);
  }
}

export class TwilioWhatsAppOutbound extends TwilioOutbound {
  constructor(options: TwilioOutboundOptions) {
    super("whatsapp", options);
  }
}
