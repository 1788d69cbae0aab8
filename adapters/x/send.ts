import type { Agent } from "node:https";
import type { TwitterApi } from "twitter-api-v2";
import * as z from "zod";
import { ChannelRejectedError, DependencyFailedError, isDeflectError } from "../../core/errors.ts";
import type { OutboundMessage, SendResult } from "../../core/ports/messenger-channel.ts";
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
}

/** Sends v2 DMs with `twitter-api-v2`, loaded on first use. */
export class XDirectMessageSender {
  readonly #options: XSenderOptions;
  #client: Promise<TwitterApi> | undefined;

  constructor(options: XSenderOptions) {
    this.#options = options;
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
    try {
      const sent: unknown = await client.v2.sendDmToParticipant(message.to.handle, {
        text: message.text,
      });
      return { providerMessageId: dmEventId(sent), state: "sent", acceptedAt: new Date() };
    } catch (err) {
      throw sendError(err);
    }
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

function sendError(err: unknown): Error {
  if (isDeflectError(err)) return err;
  const status = (err as { code?: unknown }).code;
  if (typeof status !== "number" || !(err instanceof Error)) {
    return new DependencyFailedError("X could not be reached", { cause: err });
  }
  const details = { status };
  if (status === 429 || status >= 500 || status === 401) {
    return new DependencyFailedError(`X answered ${status}`, { cause: err, details });
  }
  // 403: the customer does not accept DMs from us (their settings, or they blocked us).
  const reason = status === 403 ? "NOT_ALLOWED" : status === 404 ? "INVALID_ADDRESS" : "REJECTED";
  return new ChannelRejectedError(`X refused the DM (${status})`, {
    cause: err,
    details: { reason, ...details },
  });
}
