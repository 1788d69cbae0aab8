import type { Agent } from "node:https";
import type { TwitterApi } from "twitter-api-v2";
import * as z from "zod";
import { ChannelRejectedError, DependencyFailedError, isDeflectError } from "../../core/errors.ts";
import type { OutboundMessage, SendResult } from "../../core/ports/messenger-channel.ts";
import { vendorError } from "../http/vendor-error.ts";
import { neverConnected } from "../http/vendor-http.ts";
import {
  type AttemptOutcome,
  type RetryPolicy,
  retryAfterMs,
  withRetries,
} from "../http/with-retries.ts";
import { X_USER_ID_PATTERN } from "./rules.ts";

/** OAuth 1.0a user context: app-only tokens cannot send DMs (protocols.md §7.2). */
export interface XCredentials {
  readonly appKey: string;
  readonly appSecret: string;
  readonly accessToken: string;
  readonly accessSecret: string;
}

export interface XSenderOptions {
  readonly credentials: XCredentials;
  /** Replaces https://api.x.com, e.g. the local emulator's HTTPS origin. */
  readonly apiOrigin?: string;
  /** An agent that trusts the emulator's certificate, for local runs. */
  readonly httpsAgent?: Agent;
  readonly maxTextLength: number;
  /** Per attempt: twitter-api-v2's socket timeout (default 10,000). */
  readonly timeoutMs?: number;
  /** Retry tuning and tracing (`onRetry`) of each DM send. */
  readonly retry?: Omit<RetryPolicy, "operation">;
}

/** Sends v2 DMs with `twitter-api-v2`, loaded on first use. */
export class XDirectMessageSender {
  readonly #options: XSenderOptions;
  readonly #timeoutMs: number;
  #client: Promise<TwitterApi> | undefined;

  constructor(options: XSenderOptions) {
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    if (message.kind === "template") {
      throw new ChannelRejectedError("X direct messages have no templates", {
        details: { reason: "TEMPLATE_UNSUPPORTED" },
      });
    }
    if (message.text.length > this.#options.maxTextLength) {
      throw new ChannelRejectedError(`text exceeds ${this.#options.maxTextLength} characters`, {
        details: { reason: "TEXT_TOO_LONG" },
      });
    }
    if (!X_USER_ID_PATTERN.test(message.to.handle)) {
      throw new ChannelRejectedError("not an X user id", {
        details: { reason: "INVALID_ADDRESS" },
      });
    }
    const client = await this.#loadClient();
    const now = this.#options.retry?.now ?? Date.now;
    // twitter-api-v2 does its own HTTP (and signs each request anew), so the client call is
    // the attempt. A DM has no idempotency key: only a 429 or a refused connection is retried.
    const sent = await withRetries({ operation: "X.sendDm", ...this.#options.retry }, async () => {
      try {
        // sendDmToParticipant's own call, plus the timeout it takes no option for.
        const body: unknown = await client.v2.post(
          "dm_conversations/with/:participant_id/messages",
          { text: message.text },
          { params: { participant_id: message.to.handle }, timeout: this.#timeoutMs },
        );
        return { kind: "done", value: body };
      } catch (err) {
        return retryOrThrow(err, now());
      }
    });
    return { providerMessageId: dmEventId(sent), state: "sent", acceptedAt: new Date() };
  }

  #loadClient(): Promise<TwitterApi> {
    this.#client ??= createClient(this.#options);
    return this.#client;
  }
}

// twitter-api-v2 1.29.1 types the result as `{dm_event_id}` but returns the body as sent,
// `{"data":{"dm_conversation_id","dm_event_id"}}` (protocols.md §7.2); accept both.
const SentSchema = z.union([
  z.object({ data: z.object({ dm_event_id: z.string() }) }).transform((body) => body.data),
  z.object({ dm_event_id: z.string() }),
]);

function dmEventId(sent: unknown): string {
  const parsed = SentSchema.safeParse(sent);
  if (!parsed.success) throw new DependencyFailedError("X answered a DM send without an event id");
  return parsed.data.dm_event_id;
}

async function createClient(options: XSenderOptions): Promise<TwitterApi> {
  const { TwitterApi } = await import("twitter-api-v2");
  const client = new TwitterApi(
    { ...options.credentials },
    options.httpsAgent ? { httpAgent: options.httpsAgent } : {},
  );
  if (options.apiOrigin) {
    // The prefix is a constant with no constructor option; setPrefix is protected in the
    // typings but works at runtime, and cloneWithPrefix is broken in 1.29.1 (protocols.md §7.2).
    (client.v2 as unknown as { setPrefix(prefix: string): void }).setPrefix(
      `${options.apiOrigin}/2/`,
    );
  }
  return client;
}

function retryOrThrow(err: unknown, nowMs: number): AttemptOutcome<unknown> {
  const settle = () => Promise.reject(sendError(err));
  const { code, headers } = err as { code?: unknown; headers?: Record<string, unknown> };
  if (code === 429) {
    const retryAfter = retryAfterMs(String(headers?.["retry-after"] ?? ""), nowMs);
    return {
      kind: "retry",
      reason: "throttled",
      status: 429,
      retryAfterMs: retryAfter ?? resetMs(headers, nowMs),
      settle,
    };
  }
  const requestError = (err as { requestError?: unknown }).requestError;
  if (requestError && neverConnected(requestError)) {
    return { kind: "retry", reason: "unreachable", settle };
  }
  throw sendError(err);
}

/** X states the end of the rate-limit window as epoch seconds in x-rate-limit-reset (§7.2). */
function resetMs(headers: Record<string, unknown> | undefined, nowMs: number) {
  const reset = Number(headers?.["x-rate-limit-reset"]);
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1_000 - nowMs) : undefined;
}

function sendError(err: unknown): Error {
  if (isDeflectError(err)) return err;
  const status = (err as { code?: unknown }).code;
  if (typeof status !== "number" || !(err instanceof Error)) {
    return new DependencyFailedError("X could not be reached", { cause: err });
  }
  // 403: the customer does not accept DMs from us (their settings, or they blocked us).
  const reason = status === 403 ? "NOT_ALLOWED" : status === 404 ? "INVALID_ADDRESS" : "REJECTED";
  const refused = status >= 400 && status < 500 && status !== 429 && status !== 401;
  return vendorError({
    status,
    message: refused ? `X refused the DM (${status})` : `X answered ${status}`,
    cause: err,
    reason,
  });
}
