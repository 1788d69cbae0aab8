/**
 * What the console's server pushes to the page, one server-sent event per section. Shared
 * by both sides (the page imports the types only), so a renamed field fails the typecheck.
 */

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
  readonly contentType: string;
  /** A console link that serves the file (the platform's media URL needs its credentials). */
  readonly href?: string;
}

export interface PhoneMessage {
  readonly id: string;
  readonly direction: "in" | "out";
  readonly at: number;
  readonly text: string;
  readonly template: boolean;
  /** Twilio's status for what the business sent; the webhook's answer for what the customer sent. */
  readonly status: string;
  readonly error?: string;
  readonly attachments: readonly PhoneAttachment[];
}

export interface PhoneThread {
  /** The customer's address as the platform writes it: `whatsapp:+44…` or `+44…`. */
  readonly customer: string;
  readonly channel: "whatsapp" | "sms";
  readonly messages: readonly PhoneMessage[];
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
  readonly phones: readonly PhoneThread[];
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
