import type { CustomerAddress } from "../../core/channel.ts";
import type {
  OutboundChannel,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { TELEGRAM_RULES } from "./rules.ts";
import { sendTelegramMessage, sendTelegramTyping, type TelegramSenderOptions } from "./send.ts";

export type TelegramOutboundOptions = Omit<TelegramSenderOptions, "rules">;

/** Sends Telegram messages and typing through the Bot API. */
export class TelegramOutbound implements OutboundChannel {
  readonly kind = "telegram";
  readonly provider = "telegram";
  readonly rules = TELEGRAM_RULES;
  readonly #options: TelegramOutboundOptions;

  constructor(options: TelegramOutboundOptions) {
    this.#options = options;
  }

  send(message: OutboundMessage): Promise<SendResult> {
    return sendTelegramMessage({ ...this.#options, rules: this.rules }, message);
  }

  /** sendChatAction "typing"; Telegram shows it for up to 5 s. */
  showTyping(to: CustomerAddress): Promise<void> {
    return sendTelegramTyping(this.#options, to);
  }
}
