import type { Clock } from "../shared-http/clock.ts";
import type { CommonEmulatorOptions, EmulatorKit } from "../shared-http/emulator-kit.ts";
import { randomDigits, randomHex } from "../shared-http/random-ids.ts";
import type { OAuth1Credentials } from "./oauth1.ts";

export interface XEmulatorOptions extends CommonEmulatorOptions {
  readonly consumerKey?: string;
  /** Also the key of webhook signatures and the CRC answer. */
  readonly consumerSecret?: string;
  readonly accessToken?: string;
  readonly accessTokenSecret?: string;
  /** The business account the tokens belong to. */
  readonly userId?: string;
  readonly screenName?: string;
  /** OAuth 2.0 user-context tokens accepted as Bearer (DM scopes assumed). */
  readonly userBearerTokens?: readonly string[];
  /** An app-only Bearer token: recognised, and refused for DMs with 403. */
  readonly appBearerToken?: string;
  readonly webhookUrl?: string;
  /** The account's own sends also arrive on the webhook (protocols.md §7.1). Default on. */
  readonly echoOwnSends?: boolean;
}

export interface XConfig extends OAuth1Credentials {
  readonly userId: string;
  readonly screenName: string;
  readonly userBearerTokens: readonly string[];
  readonly appBearerToken: string;
  readonly appId: string;
  webhookUrl: string | undefined;
  readonly echoOwnSends: boolean;
}

/** A DM event as the v2 API renders it. */
export interface XDmEvent {
  readonly id: string;
  readonly event_type: "MessageCreate";
  readonly text: string;
  readonly sender_id: string;
  readonly dm_conversation_id: string;
  readonly created_at: string;
  readonly attachments?: { readonly media_keys: readonly string[] };
}

/** A file given to the v2 media upload (media-api.ts). */
export interface XUploadedMedia {
  readonly id: string;
  readonly mediaKey: string;
  readonly mediaType: string;
  readonly category: string;
  readonly totalBytes: number;
  readonly segments: Map<number, Buffer>;
  finalized: boolean;
  /** A media_id goes in one DM only. */
  usedInDm: boolean;
}

// DM send limits per user (protocols.md §7.2): 200 per 15 minutes, 1,000 per 24 hours.
export const SEND_LIMIT_15_MIN = 200;
const FIFTEEN_MIN_MS = 15 * 60 * 1000;

/** DM events and per-user send counters. */
export class DmStore {
  readonly events: XDmEvent[] = [];
  readonly closedDms = new Set<string>();
  /** Uploaded media by media_id. */
  readonly media = new Map<string, XUploadedMedia>();
  #sendTimes: number[] = [];
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Counts a send attempt; answers the rate-limit headers and whether it is allowed. */
  countSend(): { allowed: boolean; headers: Record<string, string> } {
    const now = this.#clock.now();
    this.#sendTimes = this.#sendTimes.filter((at) => now - at < FIFTEEN_MIN_MS);
    const allowed = this.#sendTimes.length < SEND_LIMIT_15_MIN;
    if (allowed) this.#sendTimes.push(now);
    const resetMs = (this.#sendTimes[0] ?? now) + FIFTEEN_MIN_MS;
    const headers = {
      "x-rate-limit-limit": String(SEND_LIMIT_15_MIN),
      "x-rate-limit-remaining": String(SEND_LIMIT_15_MIN - this.#sendTimes.length),
      "x-rate-limit-reset": String(Math.ceil(resetMs / 1000)),
    };
    return { allowed, headers };
  }

  clear(): void {
    this.events.length = 0;
    this.closedDms.clear();
    this.media.clear();
    this.#sendTimes = [];
  }
}

export interface XContext {
  readonly config: XConfig;
  readonly store: DmStore;
  readonly kit: EmulatorKit;
}

export function resolveXConfig(options: XEmulatorOptions): XConfig {
  return {
    consumerKey: options.consumerKey ?? randomHex(12),
    consumerSecret: options.consumerSecret ?? randomHex(24),
    accessToken:
      options.accessToken ?? `${options.userId ?? "1500000000000000001"}-${randomHex(16)}`,
    accessTokenSecret: options.accessTokenSecret ?? randomHex(20),
    userId: options.userId ?? "1500000000000000001",
    screenName: options.screenName ?? "connect_deflect",
    userBearerTokens: options.userBearerTokens ?? [],
    appBearerToken: options.appBearerToken ?? `AAAA${randomHex(24)}`,
    appId: randomDigits(8),
    webhookUrl: options.webhookUrl,
    echoOwnSends: options.echoOwnSends ?? true,
  };
}

/** One-to-one conversations are named `<lower id>-<higher id>`. */
export function oneToOneConversationId(a: string, b: string): string {
  return BigInt(a) < BigInt(b) ? `${a}-${b}` : `${b}-${a}`;
}

export function eventId(): string {
  return randomDigits(19);
}
