import { createHash, timingSafeEqual } from "node:crypto";
import * as z from "zod";
import { InvalidInputError, SignatureInvalidError } from "../../core/errors.ts";
import type {
  InboundChannel,
  InboundMessage,
  InboundParseResult,
  InboundRequest,
} from "../../core/ports/messenger-channel.ts";
import { TELEGRAM_RULES } from "./rules.ts";

export interface TelegramReceiverOptions {
  /** The secret_token given to setWebhook. */
  readonly webhookSecret: string;
}

/**
 * Takes a Telegram bot's webhook updates. The Bot API has no delivery receipts, so there is
 * no status parser: a message the API accepted is "sent" and stays so.
 */
export class TelegramReceiver implements InboundChannel {
  readonly kind = "telegram";
  readonly provider = "telegram";
  readonly rules = TELEGRAM_RULES;
  readonly #webhookSecret: string;

  constructor(options: TelegramReceiverOptions) {
    this.#webhookSecret = options.webhookSecret;
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    verifyTelegramSecret(this.#webhookSecret, request);
    return { kind: "events", messages: parseTelegramUpdate(request.rawBody), statuses: [] };
  }
}

const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/**
 * Telegram does not sign updates; it echoes the `secret_token` given to setWebhook in
 * X-Telegram-Bot-Api-Secret-Token (https://core.telegram.org/bots/api#setwebhook).
 */
export function verifyTelegramSecret(secretToken: string, request: InboundRequest): void {
  const given = request.headers[SECRET_HEADER];
  if (!given) {
    throw new SignatureInvalidError("X-Telegram-Bot-Api-Secret-Token is missing", {
      details: { reason: "MISSING_SIGNATURE" },
    });
  }
  // Hash both sides so the comparison is constant-time whatever the lengths.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(secretToken).digest();
  if (!timingSafeEqual(a, b)) {
    throw new SignatureInvalidError("X-Telegram-Bot-Api-Secret-Token does not match");
  }
}

const UpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: z
    .looseObject({
      message_id: z.number().int(),
      date: z.number().int().nonnegative().max(8_640_000_000_000),
      chat: z.looseObject({ id: z.number().int(), type: z.string().max(32) }),
      from: z
        .looseObject({ first_name: z.string().max(256).optional(), is_bot: z.boolean() })
        .optional(),
      text: z.string().max(20_000).optional(),
      caption: z.string().max(20_000).optional(),
    })
    .optional(),
});

/**
 * One Update holds at most one message. Only private chats with a person count; groups,
 * channels, edits and service updates are not customer messages. The update_id is the
 * dedupe key: a redelivered update keeps it. Photos and files carry only file ids (a URL
 * needs the bot token), so only their caption is taken.
 */
export function parseTelegramUpdate(rawBody: string): InboundMessage[] {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch (cause) {
    throw new InvalidInputError("the body is not JSON", { cause });
  }
  const parsed = UpdateSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidInputError("not a Telegram Update", {
      details: { issues: parsed.error.issues },
    });
  }
  const { update_id: updateId, message } = parsed.data;
  if (message?.chat.type !== "private" || message.from?.is_bot) return [];
  const profileName = message.from?.first_name;
  return [
    {
      channel: "telegram",
      provider: "telegram",
      providerMessageId: String(updateId),
      from: { channel: "telegram", handle: String(message.chat.id) },
      text: message.text ?? message.caption ?? "",
      media: [],
      receivedAt: new Date(message.date * 1000),
      ...(profileName ? { profileName } : {}),
    },
  ];
}
