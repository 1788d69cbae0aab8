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

/** DescribeContact's AnsweringMachineDetectionStatus, for a campaign call (the SDK's enum). */
export type AnsweringMachineDetectionStatus =
  | "ANSWERED"
  | "UNDETECTED"
  | "ERROR"
  | "HUMAN_ANSWERED"
  | "SIT_TONE_DETECTED"
  | "SIT_TONE_BUSY"
  | "SIT_TONE_INVALID_NUMBER"
  | "FAX_MACHINE_DETECTED"
  | "VOICEMAIL_BEEP"
  | "VOICEMAIL_NO_BEEP"
  | "AMD_UNRESOLVED"
  | "AMD_UNANSWERED"
  | "AMD_ERROR"
  | "AMD_NOT_APPLICABLE";

/** A task's pauses (PauseContact, ResumeContact), as DescribeContact reports them. */
export interface ContactPause {
  /** Set while the contact is paused. */
  pausedAt?: number;
  lastPausedTimestamp?: number;
  lastResumedTimestamp?: number;
  totalPauseCount: number;
  totalPauseDurationMs: number;
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
  /** The agent whose own queue is the working queue (a flow set it by agent); no queueId then. */
  workingAgentId?: string;
  /** Paused and resumed (tasks only). */
  pause?: ContactPause;
  /** Who of this contact a transfer flow put on hold (UpdatePreviousContactParticipantState). */
  onHold?: { readonly agent: boolean; readonly customer: boolean };
  /** The call an outbound whisper flow placed (CompleteOutboundCall). */
  outboundCall?: {
    readonly placedAt: number;
    readonly destination: string;
    readonly callerIdNumber?: string;
  };
  /** A campaign call: what answering-machine detection reported (DescribeContact's field). */
  answeringMachineDetectionStatus?: AnsweringMachineDetectionStatus;
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
