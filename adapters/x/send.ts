import type { Agent } from "node:https";
import type { TwitterApi } from "twitter-api-v2";
import * as z from "zod";
import { ChannelRejectedError, DependencyFailedError } from "../../core/errors.ts";
import type {
  OutboundChannel,
  OutboundMedia,
  OutboundMessage,
  OutboundText,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { requireMediaRule } from "../http/media-rule.ts";
import type { RetryPolicy } from "../http/with-retries.ts";
import { uploadDmMedia } from "./media-upload.ts";
import { X_DIRECT_MESSAGE_RULES, X_USER_ID_PATTERN } from "./rules.ts";
import { callX } from "./x-call.ts";

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
  /** Per attempt: twitter-api-v2's socket timeout (default 10,000). */
  readonly timeoutMs?: number;
  /** Retry tuning and tracing (`onRetry`) of each DM send. */
  readonly retry?: Omit<RetryPolicy, "operation">;
}

/** Sends v2 DMs with `twitter-api-v2`, loaded on first use; files go through its media upload. */
export class XDirectMessageSender implements OutboundChannel {
  readonly kind = "x";
  readonly provider = "x";
  readonly rules = X_DIRECT_MESSAGE_RULES;
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
    if (!X_USER_ID_PATTERN.test(message.to.handle)) {
      throw new ChannelRejectedError("not an X user id", {
        details: { reason: "INVALID_ADDRESS" },
      });
    }
    const body = await this.#body(message);
    const client = await this.#loadClient();
    const sent = await callX({ operation: "X.sendDm", ...this.#options.retry }, () =>
      // sendDmToParticipant's own call, plus the timeout it takes no option for.
      client.v2.post<unknown>("dm_conversations/with/:participant_id/messages", body, {
        params: { participant_id: message.to.handle },
        timeout: this.#timeoutMs,
      }),
    );
    return { providerMessageId: dmEventId(sent), state: "sent", acceptedAt: new Date() };
  }

  /** `{text}`, or a file's `{attachments:[{media_id}]}` with its caption as the text. */
  async #body(message: OutboundText | OutboundMedia): Promise<Record<string, unknown>> {
    const { rules } = this;
    if (message.kind === "text") {
      if (message.text.length > rules.maxTextLength) {
        throw new ChannelRejectedError(`text exceeds ${rules.maxTextLength} characters`, {
          details: { reason: "TEXT_TOO_LONG" },
        });
      }
      return { text: message.text };
    }
    const rule = requireMediaRule(rules, message);
    const mediaId = await uploadDmMedia({
      client: await this.#loadClient(),
      message,
      rule,
      timeoutMs: this.#timeoutMs,
      retry: this.#options.retry,
    });
    return {
      attachments: [{ media_id: mediaId }],
      ...(message.caption ? { text: message.caption } : {}),
    };
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
