/**
 * What the console's server pushes to the page, one server-sent event per section. Shared
 * by both sides (the page imports the types and the channels' names), so a renamed field
 * fails the typecheck.
 */
import type { ChannelKind } from "../core/channel.ts";

export interface CallView {
  readonly contactId: string;
  readonly customerNumber: string;
  readonly queue: string;
  /** The emulator's contact state: IN_FLOW, QUEUED, CONNECTED, ENDED… */
  readonly state: string;
  readonly startedAt: number;
  readonly disconnectReason?: string;
  /** Prompts the caller heard so far, SSML tags removed. */
  readonly heard: readonly { readonly text: string; readonly result: string }[];
  readonly said: readonly string[];
  /** Each flow run, with the actions it took once it finished. */
  readonly runs: readonly {
    readonly flow: string;
    readonly status: string;
    readonly end?: string;
    readonly steps: readonly string[];
  }[];
  /** What the deflect function answered the flow, in order. */
  readonly deflect: readonly {
    readonly action: string;
    readonly answer: Readonly<Record<string, string>>;
    readonly elapsedMs: number;
  }[];
}

export interface PhoneAttachment {
  /** The file's type, or the platform's kind of attachment (`image`, `file`) where that is all it says. */
  readonly contentType: string;
  /** Where the page can open it: a console link for Twilio's (its media URL needs credentials). */
  readonly href?: string;
}

export interface PhoneMessage {
  readonly id: string;
  readonly direction: "in" | "out";
  readonly at: number;
  readonly text: string;
  /** How the platform marks the message: `template` (WhatsApp), `HUMAN_AGENT tag` (Messenger). */
  readonly badge?: string;
  /**
   * What the business sent: the platform's delivery status (Twilio's steps, Meta's delivery
   * events; `sent` where the platform reports none). What the customer sent: the webhook's answer.
   */
  readonly status: string;
  readonly error?: string;
  readonly attachments: readonly PhoneAttachment[];
}

/** The channels' names as their apps show them. */
export const CHANNEL_NAMES = {
  whatsapp: "WhatsApp",
  sms: "SMS",
  messenger: "Messenger",
  x: "X",
  telegram: "Telegram",
  line: "LINE",
} as const satisfies Record<ChannelKind, string>;

export type PhoneChannel = keyof typeof CHANNEL_NAMES;

export interface PhoneThread {
  /** `<channel>#<handle>`, as the product keys a customer's address. */
  readonly key: string;
  readonly channel: PhoneChannel;
  /** The customer's handle on the platform: their number, PSID, X or Telegram user id, LINE user id. */
  readonly handle: string;
  readonly messages: readonly PhoneMessage[];
}

export interface PhonesView {
  /** Every conversation the platforms' emulators hold, newest activity first. */
  readonly threads: readonly PhoneThread[];
  /** Why the customer cannot attach a file on a channel here; absent where they can. */
  readonly noFiles: Readonly<Partial<Record<PhoneChannel, string>>>;
}

export interface ChatLine {
  readonly id: string;
  readonly role: string;
  readonly name: string;
  readonly text: string;
  readonly at: string;
  readonly attachments: readonly string[];
}

export interface AgentGuide {
  readonly heading: string;
  readonly bar: readonly { readonly label: string; readonly value: string }[];
  readonly sections: readonly string[];
}

export interface AgentChat {
  readonly contactId: string;
  readonly state: string;
  /** Whether the console's agent is the one offered or connected. */
  readonly mine: boolean;
  readonly agent?: string;
  readonly queue: string;
  readonly relatedContactId?: string;
  /** The chat's `deflect*` attributes resume set for the agent. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly guides: readonly AgentGuide[];
  readonly transcript: readonly ChatLine[];
}

export interface AgentDeskView {
  readonly agent: string;
  /** Whether the seeded scripted chat agents take chats too. */
  readonly scriptedAgents: boolean;
  readonly chats: readonly AgentChat[];
}

export interface PolicyView {
  readonly mode: string;
  readonly onWaitSeconds: number;
  readonly offWaitSeconds: number;
  readonly maxOfferShare: number;
  readonly windows: string;
  readonly channels: string;
  readonly timeZone: string;
}

/** One channel's funnel over every recorded day, as `npm run ops -- funnel` totals it. */
export interface FunnelLine {
  readonly channel: string;
  /** Each step with its rate from the step before (0..1; null for the first or after a 0). */
  readonly path: readonly {
    readonly stage: string;
    readonly count: number;
    readonly rate: number | null;
  }[];
  /** Beside the path: shadow offers, declines and failed sends, where there were any. */
  readonly also: readonly { readonly label: string; readonly count: number }[];
}

export interface QueueOperations {
  readonly queueId: string;
  readonly name: string;
  readonly policy?: PolicyView;
  readonly funnel: readonly FunnelLine[];
}

export interface OperationsView {
  readonly queues: readonly QueueOperations[];
  /** Why the page may not edit policies (`started without --write`); absent, it may. */
  readonly readOnly?: string;
  /** The table read, as the CLI names it: `deflect-table (eu-west-2)`; absent in the sandbox. */
  readonly where?: string;
}

export interface ConsoleSections {
  readonly calls: readonly CallView[];
  readonly phones: PhonesView;
  readonly agent: AgentDeskView;
  readonly operations: OperationsView;
}

export type SectionName = keyof ConsoleSections;

/** A refused policy edit: messages by form field (`on`, `off`, `mode`, `max-share`, `form`). */
export interface PolicyEditAnswer {
  readonly saved: boolean;
  readonly changes?: readonly string[];
  readonly errors?: Readonly<Record<string, string>>;
}
