import * as z from "zod";
import type { CustomerAddress } from "../../core/channel.ts";
import { ChannelRejectedError, DependencyFailedError } from "../../core/errors.ts";
import type { OutboundMessage, SendResult } from "../../core/ports/messenger-channel.ts";
import { TELEGRAM_CHAT_ID_PATTERN } from "./rules.ts";

export interface TelegramSenderOptions {
  readonly botToken: string;
  /** Replaces https://api.telegram.org, e.g. the local emulator's origin. */
  readonly apiOrigin?: string;
  readonly maxTextLength: number;
  readonly timeoutMs?: number;
}

const ResultSchema = z.object({
  ok: z.literal(true),
  result: z.looseObject({ message_id: z.number().int(), date: z.number().int() }),
});
const TrueSchema = z.object({ ok: z.literal(true), result: z.literal(true) });
const ErrorSchema = z.looseObject({
  ok: z.literal(false),
  error_code: z.number().int(),
  description: z.string().optional(),
});

/** sendMessage in the Bot API: `POST /bot<token>/sendMessage` with a JSON body. */
export async function sendTelegramMessage(
  options: TelegramSenderOptions,
  message: OutboundMessage,
): Promise<SendResult> {
  if (message.kind === "template") {
    throw new ChannelRejectedError("Telegram has no message templates", {
      details: { reason: "TEMPLATE_UNSUPPORTED" },
    });
  }
  if (message.text.length > options.maxTextLength) {
    throw new ChannelRejectedError(`text exceeds ${options.maxTextLength} characters`, {
      details: { reason: "TEXT_TOO_LONG" },
    });
  }
  if (!TELEGRAM_CHAT_ID_PATTERN.test(message.to.handle)) {
    throw new ChannelRejectedError("not a chat id", { details: { reason: "INVALID_ADDRESS" } });
  }
  const { status, json } = await callBotApi(options, "sendMessage", {
    chat_id: Number(message.to.handle),
    text: message.text,
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

/**
 * sendChatAction with action "typing" (core.telegram.org/bots/api#sendchataction): the
 * status shows for 5 s at most, or until the bot's next message arrives. Answers True.
 */
export async function sendTelegramTyping(
  options: Omit<TelegramSenderOptions, "maxTextLength">,
  to: CustomerAddress,
): Promise<void> {
  if (!TELEGRAM_CHAT_ID_PATTERN.test(to.handle)) {
    throw new ChannelRejectedError("not a chat id", { details: { reason: "INVALID_ADDRESS" } });
  }
  const { status, json } = await callBotApi(options, "sendChatAction", {
    chat_id: Number(to.handle),
    action: "typing",
  });
  if (!TrueSchema.safeParse(json).success) throw sendError(status, json);
}

/** POSTs one Bot API method with a JSON body; answers the status and the parsed body. */
async function callBotApi(
  options: Omit<TelegramSenderOptions, "maxTextLength">,
  method: string,
  body: Record<string, unknown>,
): Promise<{ status: number; json: unknown }> {
  const origin = options.apiOrigin ?? "https://api.telegram.org";
  let response: Response;
  try {
    response = await fetch(`${origin}/bot${options.botToken}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (cause) {
    throw new DependencyFailedError("the Bot API could not be reached", { cause });
  }
  const json: unknown = await response.json().catch(() => undefined);
  return { status: response.status, json };
}

function sendError(status: number, json: unknown): Error {
  const parsed = ErrorSchema.safeParse(json);
  const code = parsed.success ? parsed.data.error_code : status;
  const message = (parsed.success && parsed.data.description) || `the Bot API answered ${status}`;
  const details = { status: code };
  if (code === 429 || code >= 500 || code === 401 || code === 404 || !parsed.success) {
    // 401/404 mean the bot token is wrong: our configuration, not the customer.
    return new DependencyFailedError(message, { details });
  }
  // 403: the user blocked the bot or never started it; 400: chat not found and the like.
  return new ChannelRejectedError(message, {
    details: { reason: reasonFor(code, message), ...details },
  });
}

function reasonFor(code: number, description: string): string {
  if (code === 403) return /blocked/i.test(description) ? "BLOCKED" : "NOT_ALLOWED";
  return /chat not found/i.test(description) ? "INVALID_ADDRESS" : "REJECTED";
}
