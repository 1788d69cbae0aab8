import type { CommonEmulatorOptions, EmulatorKit } from "../shared-http/emulator-kit.ts";
import { randomHex } from "../shared-http/random-ids.ts";
import type { TwilioMediaStore } from "./media-store.ts";
import type { TwilioMessageStore } from "./message-store.ts";

export interface TwilioEmulatorOptions extends CommonEmulatorOptions {
  /** Defaults to a random `AC…` SID. */
  readonly accountSid?: string;
  /** Defaults to a random token; read it back from the handle. */
  readonly authToken?: string;
  /** API key SIDs (`SK…`) and their secrets, also accepted for Basic auth. */
  readonly apiKeys?: Readonly<Record<string, string>>;
  /** Addresses the account owns (`+1555…`, `whatsapp:+1555…`); any From if omitted. */
  readonly senders?: readonly string[];
  /** Messaging Service SIDs (`MG…`) and their sender pools. */
  readonly messagingServices?: Readonly<Record<string, readonly string[]>>;
  /** Approved content templates: ContentSid (`HX…`) to body with `{{1}}` placeholders. */
  readonly contentTemplates?: Readonly<Record<string, string>>;
  /** The number's "A message comes in" URL; set later with setWebhookUrl(). */
  readonly webhookUrl?: string;
  /**
   * Free-form WhatsApp outside the window: "sync" refuses the API call with 63016;
   * "async" accepts it and reports `failed` + ErrorCode 63016 in the status callback
   * (protocols.md §5.5 says both paths occur).
   */
  readonly windowErrorMode?: "sync" | "async";
  /** Delay between status changes (queued → sent → delivered). */
  readonly statusStepMs?: number;
  /** WhatsApp messages go on to `read` after `delivered`. */
  readonly readReceipts?: boolean;
  /** What GET Accounts/{sid}.json reports; a suspended or closed account still authenticates. */
  readonly accountStatus?: "active" | "suspended" | "closed";
}

export interface TwilioConfig {
  readonly accountSid: string;
  readonly authToken: string;
  readonly apiKeys: Readonly<Record<string, string>>;
  readonly senders: readonly string[] | undefined;
  readonly messagingServices: Readonly<Record<string, readonly string[]>>;
  readonly contentTemplates: Map<string, string>;
  webhookUrl: string | undefined;
  readonly windowErrorMode: "sync" | "async";
  readonly statusStepMs: number;
  readonly readReceipts: boolean;
  readonly accountStatus: "active" | "suspended" | "closed";
}

/** What the API routes and the webhook side share. */
export interface TwilioContext {
  readonly config: TwilioConfig;
  readonly store: TwilioMessageStore;
  /** Files customers sent, served at their MediaUrl. */
  readonly media: TwilioMediaStore;
  readonly kit: EmulatorKit;
  /** The server's origin once it listens; MediaUrls point at it. */
  origin: string;
  /** Set on close() so scheduled status callbacks stop. */
  closed: boolean;
}

export function resolveTwilioConfig(options: TwilioEmulatorOptions): TwilioConfig {
  return {
    accountSid: options.accountSid ?? `AC${randomHex(16)}`,
    authToken: options.authToken ?? randomHex(16),
    apiKeys: options.apiKeys ?? {},
    senders: options.senders,
    messagingServices: options.messagingServices ?? {},
    contentTemplates: new Map(Object.entries(options.contentTemplates ?? {})),
    webhookUrl: options.webhookUrl,
    windowErrorMode: options.windowErrorMode ?? "sync",
    statusStepMs: options.statusStepMs ?? 5,
    readReceipts: options.readReceipts ?? false,
    accountStatus: options.accountStatus ?? "active",
  };
}

export function messageSid(hasMedia = false): string {
  return `${hasMedia ? "MM" : "SM"}${randomHex(16)}`;
}
