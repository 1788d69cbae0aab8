import * as z from "zod";
import type { CustomerAddress } from "../../core/channel.ts";
import type { ChannelRules } from "../../core/channel-rules.ts";
import { ChannelRejectedError } from "../../core/errors.ts";
import type {
  OutboundChannel,
  OutboundMedia,
  OutboundMessage,
  OutboundText,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { requireMediaRule } from "../http/media-rule.ts";
import { vendorError } from "../http/vendor-error.ts";
import { sendWithRetries } from "../http/vendor-http.ts";
import type { RetryPolicy } from "../http/with-retries.ts";
import { TELEGRAM_CHAT_ID_PATTERN, TELEGRAM_RULES } from "./rules.ts";

export interface TelegramSenderOptions {
  readonly botToken: string;
  /** Replaces https://api.telegram.org, e.g. the local emulator's origin. */
  readonly apiOrigin?: string;
  readonly timeoutMs?: number;
  /** Retry tuning and tracing (`onRetry`) of each Bot API call. */
  readonly retry?: Omit<RetryPolicy, "operation">;
}

/** Sends a Telegram bot's messages and typing through the Bot API. */
export class TelegramSender implements OutboundChannel {
  readonly kind = "telegram";
  readonly provider = "telegram";
  readonly rules = TELEGRAM_RULES;
  readonly #options: TelegramSenderOptions;

  constructor(options: TelegramSenderOptions) {
    this.#options = options;
  }

  send(message: OutboundMessage): Promise<SendResult> {
    return sendTelegramMessage(this.#options, message);
  }

  /** sendChatAction "typing"; Telegram shows it for up to 5 s. */
  showTyping(to: CustomerAddress): Promise<void> {
    return sendTelegramTyping(this.#options, to);
  }
}

const ResultSchema = z.object({
  ok: z.literal(true),
  result: z.looseObject({ message_id: z.number().int(), date: z.number().int() }),
});
/** A 429 states its wait in `parameters.retry_after` (core.telegram.org/bots/api#responseparameters). */
const RetryAfterSchema = z.object({ parameters: z.object({ retry_after: z.number() }) });
const TrueSchema = z.object({ ok: z.literal(true), result: z.literal(true) });
const ErrorSchema = z.looseObject({
  ok: z.literal(false),
  error_code: z.number().int(),
  description: z.string().optional(),
});

/**
 * sendMessage in the Bot API (`POST /bot<token>/sendMessage`, JSON); a file goes by its URL
 * with sendPhoto or sendDocument, and Telegram downloads it before it answers.
 */
async function sendTelegramMessage(
  options: TelegramSenderOptions,
  message: OutboundMessage,
): Promise<SendResult> {
  if (message.kind === "template") {
    throw new ChannelRejectedError("Telegram has no message templates", {
      details: { reason: "TEMPLATE_UNSUPPORTED" },
    });
  }
  if (!TELEGRAM_CHAT_ID_PATTERN.test(message.to.handle)) {
    throw new ChannelRejectedError("not a chat id", { details: { reason: "INVALID_ADDRESS" } });
  }
  // No send method has an idempotency key: only a 429 or a refused connection is retried.
  const { status, json } = await callBotApi(options, {
    ...methodCall(TELEGRAM_RULES, message),
    idempotent: false,
  });
  const sent = ResultSchema.safeParse(json);
  if (sent.success) {
    const { message_id: messageId, date } = sent.data.result;
    // message_id is only unique within a chat, so the chat is part of our id for it.
    return {
      providerMessageId: `${message.to.handle}:${messageId}`,
      state: "sent",
      acceptedAt: new Date(date * 1000),
    };
  }
  throw sendError(status, json);
}

function methodCall(rules: ChannelRules, message: OutboundText | OutboundMedia) {
  const chat_id = Number(message.to.handle);
  if (message.kind === "media") {
    const caption = message.caption ? { caption: message.caption } : {};
    return requireMediaRule(rules, message).kind === "image"
      ? { method: "sendPhoto", body: { chat_id, photo: message.url, ...caption } }
      : { method: "sendDocument", body: { chat_id, document: message.url, ...caption } };
  }
  if (message.text.length > rules.maxTextLength) {
    throw new ChannelRejectedError(`text exceeds ${rules.maxTextLength} characters`, {
      details: { reason: "TEXT_TOO_LONG" },
    });
  }
  return { method: "sendMessage", body: { chat_id, text: message.text } };
}

/**
 * sendChatAction with action "typing" (core.telegram.org/bots/api#sendchataction): the
 * status shows for 5 s at most, or until the bot's next message arrives. Answers True.
 */
async function sendTelegramTyping(
  options: TelegramSenderOptions,
  to: CustomerAddress,
): Promise<void> {
  if (!TELEGRAM_CHAT_ID_PATTERN.test(to.handle)) {
    throw new ChannelRejectedError("not a chat id", { details: { reason: "INVALID_ADDRESS" } });
  }
  // A repeated chat action only shows the same status again: safe to retry on any failure.
  const { status, json } = await callBotApi(options, {
    method: "sendChatAction",
    body: { chat_id: Number(to.handle), action: "typing" },
    idempotent: true,
  });
  if (!TrueSchema.safeParse(json).success) throw sendError(status, json);
}

/** POSTs one Bot API method with a JSON body; answers the status and the parsed body. */
function callBotApi(
  options: TelegramSenderOptions,
  call: { method: string; body: Record<string, unknown>; idempotent: boolean },
): Promise<{ status: number; json: unknown }> {
  const origin = options.apiOrigin ?? "https://api.telegram.org";
  return sendWithRetries({
    operation: `Telegram.${call.method}`,
    ...options.retry,
    idempotent: call.idempotent,
    timeoutMs: options.timeoutMs ?? 10_000,
    request: {
      url: `${origin}/bot${options.botToken}/${call.method}`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(call.body),
    },
    retryAfterSecondsIn: (body) => RetryAfterSchema.safeParse(body).data?.parameters.retry_after,
    read: async (response) => {
      const json: unknown = await response.json().catch(() => undefined);
      return { status: response.status, json };
    },
  });
}

function sendError(status: number, json: unknown): Error {
  const parsed = ErrorSchema.safeParse(json);
  const code = parsed.success ? parsed.data.error_code : status;
  const message = (parsed.success && parsed.data.description) || `the Bot API answered ${status}`;
  return vendorError({
    status: code,
    message,
    // 404 means the bot token is wrong: our configuration, not the customer.
    ours: code === 404 || !parsed.success,
    // 403: the user blocked the bot or never started it; 400: chat not found and the like.
    reason: reasonFor(code, message),
  });
}

// Descriptions bots see when Telegram could not use a file's URL (protocols.md §9): "failed to
// get HTTP URL content", "wrong type of the web page content", "wrong file identifier/HTTP URL
// specified".
const MEDIA_REFUSAL = /HTTP URL|web page content/i;

function reasonFor(code: number, description: string): string {
  if (code === 403) return /blocked/i.test(description) ? "BLOCKED" : "NOT_ALLOWED";
  if (MEDIA_REFUSAL.test(description)) return "MEDIA_REJECTED";
  return /chat not found/i.test(description) ? "INVALID_ADDRESS" : "REJECTED";
}
