import type {
  InboundParseResult,
  InboundRequest,
  MessengerChannel,
} from "../../core/ports/messenger-channel.ts";
import { parseTelegramUpdate, verifyTelegramSecret } from "./inbound.ts";
import { TelegramOutbound, type TelegramOutboundOptions } from "./telegram-outbound.ts";

export type TelegramChannelOptions = TelegramOutboundOptions & {
  /** The secret_token given to setWebhook. */
  readonly webhookSecret: string;
};

/**
 * A Telegram bot. The Bot API has no delivery receipts, so there is no status parser: a
 * message the API accepted is "sent" and stays so.
 */
export class TelegramChannel extends TelegramOutbound implements MessengerChannel {
  readonly #webhookSecret: string;

  constructor(options: TelegramChannelOptions) {
    super(options);
    this.#webhookSecret = options.webhookSecret;
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    verifyTelegramSecret(this.#webhookSecret, request);
    return { kind: "events", messages: parseTelegramUpdate(request.rawBody), statuses: [] };
  }
}
