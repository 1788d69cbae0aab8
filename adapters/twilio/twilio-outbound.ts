import type { ChannelRules } from "../../core/channel-rules.ts";
import type {
  OutboundChannel,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { TWILIO_SMS_RULES, TWILIO_WHATSAPP_RULES, type TwilioChannelKind } from "./rules.ts";
import { TwilioMessageSender, type TwilioSenderOptions } from "./send.ts";

export type TwilioOutboundOptions = Omit<TwilioSenderOptions, "maxTextLength">;

/** Sends SMS or WhatsApp through Twilio's Messages API. */
abstract class TwilioOutbound implements OutboundChannel {
  abstract readonly kind: TwilioChannelKind;
  abstract readonly rules: ChannelRules;
  readonly provider = "twilio";
  readonly #options: TwilioOutboundOptions;
  // Built on first use: the subclass sets `rules`, which gives the text limit, after this
  // constructor has run.
  #sender: TwilioMessageSender | undefined;

  constructor(options: TwilioOutboundOptions) {
    this.#options = options;
  }

  send(message: OutboundMessage): Promise<SendResult> {
    this.#sender ??= new TwilioMessageSender({
      ...this.#options,
      maxTextLength: this.rules.maxTextLength,
    });
    return this.#sender.send(message);
  }
}

export class TwilioSmsOutbound extends TwilioOutbound {
  readonly kind = "sms";
  readonly rules = TWILIO_SMS_RULES;
}

export class TwilioWhatsAppOutbound extends TwilioOutbound {
  readonly kind = "whatsapp";
  readonly rules = TWILIO_WHATSAPP_RULES;
}
