import type { CustomerAddress } from "../../core/channel.ts";
import type {
  InboundParseResult,
  InboundRequest,
  MessengerChannel,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { parseTelegramUpdate, verifyTelegramSecret } from "./inbound.ts";
import { TELEGRAM_RULES } from "./rules.ts";
import { sendTelegramMessage, sendTelegramTyping, type TelegramSenderOptions } from "./send.ts";

export type TelegramChannelOptions = Omit<TelegramSenderOptions, "maxTextLength"> & {
  /** The secret_token given to setWebhook. */
  readonly webhookSecret: string;
};

/**
 * A Telegram bot. The Bot API has no delivery receipts, so there is no status parser: a
 * message the API accepted is "sent" and stays so.
 */
export class TelegramChannel implements MessengerChannel {
  readonly kind = "telegram";
  readonly provider = "telegram";
  readonly rules = TELEGRAM_RULES;
  readonly #options: TelegramChannelOptions;

  constructor(options: TelegramChannelOptions) {
    this.#options = options;
  }

  send(message: OutboundMessage): Promise<SendResult> {
    return sendTelegramMessage(
      { ...this.#options, maxTextLength: this.rules.maxTextLength },
      message,
    );
  }

  /** sendChatAction "typing"; Telegram shows it for up to 5 s. */
  showTyping(to: CustomerAddress): Promise<void> {
    return sendTelegramTyping(this.#options, to);
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    verifyTelegramSecret(this.#options.webhookSecret, request);
    return { kind: "events", messages: parseTelegramUpdate(request.rawBody), statuses: [] };
  }
}
