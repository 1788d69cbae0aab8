import { type Clock, DAY_MS } from "../shared-http/clock.ts";
import type { CommonEmulatorOptions, EmulatorKit } from "../shared-http/emulator-kit.ts";
import { randomDigits, randomHex } from "../shared-http/random-ids.ts";
import type { SentMedia } from "./outbound-attachment.ts";

export interface MetaEmulatorOptions extends CommonEmulatorOptions {
  /** Defaults to a random 15-digit id. */
  readonly pageId?: string;
  readonly pageAccessToken?: string;
  readonly appId?: string;
  /** Key of X-Hub-Signature-256. */
  readonly appSecret?: string;
  /** The token the app expects in the verification GET. */
  readonly verifyToken?: string;
  readonly webhookUrl?: string;
  /** The page has the Human Agent permission (needed for the HUMAN_AGENT tag). */
  readonly humanAgentApproved?: boolean;
  /** After each send: a `delivery` event (default on), a `read` event, a message echo. */
  readonly deliveryEvents?: boolean;
  readonly readEvents?: boolean;
  readonly echoes?: boolean;
}

export interface MetaConfig {
  readonly pageId: string;
  readonly pageAccessToken: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  webhookUrl: string | undefined;
  readonly humanAgentApproved: boolean;
  readonly deliveryEvents: boolean;
  readonly readEvents: boolean;
  readonly echoes: boolean;
}

/** A Send API call the emulator accepted, as the page sent it. */
export interface MetaSentMessage {
  readonly messageId: string | null;
  readonly recipientId: string;
  readonly messagingType: string;
  readonly tag: string | null;
  readonly message: Readonly<Record<string, unknown>> | null;
  readonly senderAction: string | null;
  /** The file Meta fetched for an attachment sent by URL. */
  readonly media: SentMedia | null;
  readonly at: number;
}

const HUMAN_AGENT_WINDOW_MS = 7 * DAY_MS;

/** The page's conversations: when each PSID last wrote, and what the page sent. */
export class MetaPageState {
  readonly sent: MetaSentMessage[] = [];
  readonly #lastInbound = new Map<string, number>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  recordInbound(psid: string, at = this.#clock.now()): void {
    this.#lastInbound.set(psid, at);
  }

  knows(psid: string): boolean {
    return this.#lastInbound.has(psid);
  }

  /** Standard window 24 h; HUMAN_AGENT 7 days after the user's last message (§6). */
  allows(psid: string, humanAgent: boolean): boolean {
    const last = this.#lastInbound.get(psid);
    if (last === undefined) return false;
    const age = this.#clock.now() - last;
    return age < (humanAgent ? HUMAN_AGENT_WINDOW_MS : DAY_MS);
  }

  clear(): void {
    this.sent.length = 0;
    this.#lastInbound.clear();
  }
}

export interface MetaContext {
  readonly config: MetaConfig;
  readonly page: MetaPageState;
  readonly kit: EmulatorKit;
}

export function resolveMetaConfig(options: MetaEmulatorOptions): MetaConfig {
  return {
    pageId: options.pageId ?? randomDigits(15),
    pageAccessToken: options.pageAccessToken ?? `EAA${randomHex(24)}`,
    appId: options.appId ?? randomDigits(15),
    appSecret: options.appSecret ?? randomHex(16),
    verifyToken: options.verifyToken ?? randomHex(8),
    webhookUrl: options.webhookUrl,
    humanAgentApproved: options.humanAgentApproved ?? true,
    deliveryEvents: options.deliveryEvents ?? true,
    readEvents: options.readEvents ?? false,
    echoes: options.echoes ?? false,
  };
}

export function messageId(): string {
  return `m_${randomHex(24)}`;
}
