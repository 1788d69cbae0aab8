import { randomUUID } from "node:crypto";
import { type Clock, DAY_MS } from "../shared-http/clock.ts";
import type { CommonEmulatorOptions, EmulatorKit } from "../shared-http/emulator-kit.ts";
import { randomDigits, randomHex } from "../shared-http/random-ids.ts";
import type { ShownImage } from "./image-messages.ts";

export interface LineEmulatorOptions extends CommonEmulatorOptions {
  readonly channelAccessToken?: string;
  /** Key of x-line-signature. */
  readonly channelSecret?: string;
  /** The bot's user id (`U` + 32 hex), sent as `destination`. */
  readonly botUserId?: string;
  readonly webhookUrl?: string;
  /**
   * How long a reply token stays usable. [unverified] LINE only says to reply promptly;
   * users report failures after about a minute.
   */
  readonly replyTokenTtlMs?: number;
}

export interface LineConfig {
  readonly channelAccessToken: string;
  readonly channelSecret: string;
  readonly botUserId: string;
  webhookUrl: string | undefined;
  readonly replyTokenTtlMs: number;
}

export interface LineSentMessage {
  readonly kind: "push" | "reply";
  readonly to: string;
  readonly messages: readonly Record<string, unknown>[];
  readonly requestId: string;
  readonly retryKey: string | null;
  /** False when the user had blocked the account: LINE still answers 200. */
  readonly delivered: boolean;
  readonly sentMessages: readonly { id: string; quoteToken: string }[];
  /** The images of the messages as the user's app downloaded them, once it has. */
  readonly images: ShownImage[];
}

interface ReplyToken {
  readonly userId: string;
  readonly issuedAt: number;
  used: boolean;
}

/** Users who befriended or wrote to the account, reply tokens, retry keys, sends. */
export class LineChannelState {
  readonly sent: LineSentMessage[] = [];
  readonly users = new Map<string, { blocked: boolean }>();
  /** Webhook events sent, by webhookEventId, for redelivery. */
  readonly events = new Map<string, Readonly<Record<string, unknown>>>();
  readonly #replyTokens = new Map<string, ReplyToken>();
  readonly #retryKeys = new Map<string, { at: number; sent: LineSentMessage }>();
  readonly #clock: Clock;
  readonly #ttlMs: number;

  constructor(clock: Clock, replyTokenTtlMs: number) {
    this.#clock = clock;
    this.#ttlMs = replyTokenTtlMs;
  }

  issueReplyToken(userId: string): string {
    const token = randomHex(16);
    this.#replyTokens.set(token, { userId, issuedAt: this.#clock.now(), used: false });
    return token;
  }

  /** A reply token works once, and only for a while. */
  redeemReplyToken(token: string): string | undefined {
    const entry = this.#replyTokens.get(token);
    if (!entry || entry.used || this.#clock.now() - entry.issuedAt > this.#ttlMs) return undefined;
    entry.used = true;
    return entry.userId;
  }

  /** Retry keys are remembered for 24 hours [unverified period]. */
  acceptedFor(retryKey: string): LineSentMessage | undefined {
    const entry = this.#retryKeys.get(retryKey);
    return entry && this.#clock.now() - entry.at < DAY_MS ? entry.sent : undefined;
  }

  remember(retryKey: string, sent: LineSentMessage): void {
    this.#retryKeys.set(retryKey, { at: this.#clock.now(), sent });
  }

  clear(): void {
    this.sent.length = 0;
    this.users.clear();
    this.events.clear();
    this.#replyTokens.clear();
    this.#retryKeys.clear();
  }
}

export interface LineContext {
  readonly config: LineConfig;
  readonly state: LineChannelState;
  readonly kit: EmulatorKit;
}

export function resolveLineConfig(options: LineEmulatorOptions): LineConfig {
  return {
    channelAccessToken: options.channelAccessToken ?? randomHex(32),
    channelSecret: options.channelSecret ?? randomHex(16),
    botUserId: options.botUserId ?? `U${randomHex(16)}`,
    webhookUrl: options.webhookUrl,
    replyTokenTtlMs: options.replyTokenTtlMs ?? 60_000,
  };
}

export function requestId(): string {
  return randomUUID();
}

export function lineMessageId(): string {
  return randomDigits(18);
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** webhookEventId is a ULID: 10 characters of time, 16 of randomness. */
export function ulid(nowMs: number): string {
  let time = "";
  let rest = nowMs;
  for (let i = 0; i < 10; i++) {
    time = (CROCKFORD[rest % 32] ?? "0") + time;
    rest = Math.floor(rest / 32);
  }
  const bytes = Buffer.from(randomHex(16), "hex");
  return time + Array.from(bytes, (byte) => CROCKFORD[byte % 32]).join("");
}
