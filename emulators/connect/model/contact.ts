import type { Channel } from "./instance-seed.ts";

export type InitiationMethod = "INBOUND" | "OUTBOUND" | "TRANSFER" | "API" | "DISCONNECT";

/** Where a contact is in its life; the metrics read these states and timestamps. */
export type ContactState =
  | "IN_FLOW"
  | "QUEUED"
  | "CONNECTING"
  | "CONNECTED"
  | "AFTER_CONTACT_WORK"
  | "ENDED";

export interface Endpoint {
  readonly Type: string;
  readonly Address: string;
  readonly DisplayName?: string;
}

/** One contact, with the timestamps Connect reports (all epoch milliseconds here). */
export interface Contact {
  readonly id: string;
  readonly arn: string;
  readonly instanceId: string;
  readonly channel: Channel;
  readonly initiationMethod: InitiationMethod;
  readonly initialContactId: string;
  readonly previousContactId?: string;
  readonly relatedContactId?: string;
  readonly initiationTimestamp: number;
  readonly contactFlowId?: string;
  customerEndpoint?: Endpoint;
  systemEndpoint?: Endpoint;
  state: ContactState;
  attributes: Record<string, string>;
  segmentAttributes: Record<string, unknown>;
  /** The customer queue flow (UpdateContactEventHooks CustomerQueue) run while it waits. */
  customerQueueFlowId?: string;
  /** The flow run for the agent's workspace when an agent is offered the contact (DefaultAgentUI). */
  agentUiFlowId?: string;
  /** Set by a flow (UpdateContactData, UpdateContactTextToSpeechVoice). */
  languageCode?: string;
  textToSpeechVoiceId?: string;
  /** The customer audio stream once a flow has started media streaming (voice only). */
  mediaStreams?: {
    readonly streamArn: string;
    readonly startTimestamp: string;
    readonly startFragmentNumber: string;
    stopTimestamp?: string;
  };
  /** Contact Lens real-time analysis a flow turned on (voice): since when, in which language. */
  realTimeAnalysis?: { readonly startedAt: number; readonly languageCode: string };
  /** The working queue (set by a flow or a direct transfer). */
  queueId?: string;
  enqueueTimestamp?: number;
  agentId?: string;
  connectedToAgentTimestamp?: number;
  /** When the agent's talk time ended and after-contact work began. */
  agentDisconnectTimestamp?: number;
  /** When after-contact work finished; talk + ACW is the handle time. */
  afterContactWorkEndTimestamp?: number;
  disconnectTimestamp?: number;
  disconnectReason?: string;
  /** True when the customer left the queue before reaching an agent. */
  abandoned: boolean;
  lastUpdateTimestamp: number;
  tags: Record<string, string>;
}

export function isLive(contact: Contact): boolean {
  return contact.state !== "ENDED";
}
