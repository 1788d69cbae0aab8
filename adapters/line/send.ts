import { createHash } from "node:crypto";
import * as z from "zod";
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
import { LINE_MAX_URL_LENGTH, LINE_RULES, LINE_USER_ID_PATTERN } from "./rules.ts";

export interface LineSenderOptions {
  readonly channelAccessToken: string;
  /** Replaces https://api.line.me, e.g. the local emulator's origin. */
  readonly apiOrigin?: string;
  readonly timeoutMs?: number;
  /** Retry tuning and tracing (`onRetry`) of each Messaging API call. */
  readonly retry?: Omit<RetryPolicy, "operation">;
}

/** Sends from a LINE official account through the Messaging API. */
export class LineSender implements OutboundChannel {
  readonly kind = "line";
  readonly provider = "line";
  readonly rules = LINE_RULES;
  readonly #options: LineSenderOptions;

  constructor(options: LineSenderOptions) {
    this.#options = options;
  }

  /** Sends with push: the port's messages are not tied to one event's reply token. */
  send(message: OutboundMessage): Promise<SendResult> {
    return pushLineMessage(this.#options, message);
  }

  /** Answers one event with its reply token (free, once, within about a minute). */
  reply(reply: { replyToken: string; text: string }): Promise<SendResult> {
    return replyLineMessage(this.#options, reply);
  }
}

const SentSchema = z.looseObject({
  sentMessages: z.array(z.looseObject({ id: z.string() })).min(1),
});
const ErrorSchema = z.looseObject({
  message: z.string(),
  details: z.array(z.looseObject({ property: z.string().optional() })).optional(),
});

/**
 * Push (`POST /v2/bot/message/push`): to a user at any time. The retry key comes from our
 * reference, so a resend of the same message is accepted once (409 on the repeat); that makes
 * a 5xx or a timeout safe to retry (developers.line.biz/en/docs/messaging-api/retrying-api-request).
 */
async function pushLineMessage(
  options: LineSenderOptions,
  message: OutboundMessage,
): Promise<SendResult> {
  if (message.kind === "template") {
    throw new ChannelRejectedError("LINE has no approved templates", {
      details: { reason: "TEMPLATE_UNSUPPORTED" },
    });
  }
  if (!LINE_USER_ID_PATTERN.test(message.to.handle)) {
    throw new ChannelRejectedError("not a LINE user id", {
      details: { reason: "INVALID_ADDRESS" },
    });
  }
  return callLine(options, {
    path: "/v2/bot/message/push",
    body: { to: message.to.handle, messages: [lineMessage(message)] },
    retryKey: retryKeyFor(message.reference),
  });
}

/**
 * A text message, or an image message: LINE shows `previewImageUrl` in the chat and opens
 * `originalContentUrl`; a chat attachment has one link, which serves as both. The user's app
 * downloads the image later, so the link must last until then [unverified for how long].
 */
function lineMessage(message: OutboundText | OutboundMedia) {
  if (message.kind === "text") {
    checkLength(message.text);
    return { type: "text", text: message.text };
  }
  requireMediaRule(LINE_RULES, message);
  if (message.url.length > LINE_MAX_URL_LENGTH) {
    throw new ChannelRejectedError(
      `LINE takes links of at most ${LINE_MAX_URL_LENGTH} characters`,
      {
        details: { reason: "MEDIA_LINK_TOO_LONG" },
      },
    );
  }
  return { type: "image", originalContentUrl: message.url, previewImageUrl: message.url };
}

/**
 * Reply (`POST /v2/bot/message/reply`): free of charge, but only with the replyToken of an
 * event, once, and within about a minute of it. It takes no retry key, so only a 429 or a
 * refused connection is retried.
 */
async function replyLineMessage(
  options: LineSenderOptions,
  reply: { replyToken: string; text: string },
): Promise<SendResult> {
  checkLength(reply.text);
  return callLine(options, {
    path: "/v2/bot/message/reply",
    body: { replyToken: reply.replyToken, messages: [{ type: "text", text: reply.text }] },
  });
}

function checkLength(text: string): void {
  const { maxTextLength } = LINE_RULES;
  if (text.length > maxTextLength) {
    throw new ChannelRejectedError(`text exceeds ${maxTextLength} characters`, {
      details: { reason: "TEXT_TOO_LONG" },
    });
  }
}

/** X-Line-Retry-Key must be a UUID; the same reference always gives the same one. */
function retryKeyFor(reference: string): string {
  const hex = createHash("sha256").update(reference).digest("hex");
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function callLine(
  options: LineSenderOptions,
  call: { path: string; body: unknown; retryKey?: string },
): Promise<SendResult> {
  const origin = options.apiOrigin ?? "https://api.line.me";
  return sendWithRetries({
    operation: `LINE.${call.path.split("/").pop()}`,
    ...options.retry,
    idempotent: call.retryKey !== undefined,
    timeoutMs: options.timeoutMs ?? 10_000,
    request: {
      url: `${origin}${call.path}`,
      method: "POST",
      headers: {
        authorization: `Bearer ${options.channelAccessToken}`,
        "content-type": "application/json",
        ...(call.retryKey ? { "x-line-retry-key": call.retryKey } : {}),
      },
      body: JSON.stringify(call.body),
    },
    read: async (response) => {
      const json: unknown = await response.json().catch(() => undefined);
      const sent = SentSchema.safeParse(json);
      // 409 with sentMessages: this retry key was accepted before, so the message is out.
      if ((response.ok || response.status === 409) && sent.success) {
        const id = sent.data.sentMessages[0]?.id ?? "";
        return { providerMessageId: id, state: "sent", acceptedAt: new Date() };
      }
      throw sendError(response.status, json);
    },
  });
}

function sendError(status: number, json: unknown): Error {
  const parsed = ErrorSchema.safeParse(json);
  const message = parsed.success ? parsed.data.message : `the Messaging API answered ${status}`;
  // A refused image names its field: "messages[0].originalContentUrl" and the like.
  const mediaRefused = parsed.data?.details?.some((d) =>
    /ContentUrl|ImageUrl/.test(d.property ?? ""),
  );
  if (mediaRefused) return vendorError({ status, message, reason: "MEDIA_REJECTED" });
  // 400 covers an invalid reply token and unknown users; 403 a plan without push.
  const reason = /reply token/i.test(message)
    ? "REPLY_TOKEN_INVALID"
    : // "Failed to send messages": the user has not added the account, or cannot receive.
      status === 403 || /failed to send/i.test(message)
      ? "NOT_ALLOWED"
      : "REJECTED";
  return vendorError({ status, message, reason });
}
