import type { CaseRecord } from "./cases.ts";
import type {
  AgentTransferOutcome,
  ContactSetting,
  OutboundChatRequest,
} from "./contact-setting.ts";
import type { CustomerProfile, ProfileObject } from "./customer-profiles.ts";
import type { FlowDocument } from "./flow-document.ts";
import type { ContactFlowEvent } from "./lambda-event.ts";
import type { LexIntent } from "./scripted-lex-bot.ts";

/**
 * Time as the interpreter sees it. Wait, input timeouts, Lambda timeouts and iterative prompts
 * all go through it, so a virtual clock makes a run deterministic and fast.
 */
export interface FlowClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if aborted first (the timer is dropped). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export type FlowChannel = "VOICE" | "CHAT";

export interface Endpoint {
  readonly Address: string;
  readonly Type: string;
}

export interface QueueInfo {
  readonly queueId: string;
  readonly arn: string;
  readonly name: string;
  readonly outboundCallerIdAddress?: string;
}

/** Customer audio stream of a voice contact, as Connect reports it (strings, epoch-ms times). */
export interface MediaStreamInfo {
  readonly streamArn: string;
  readonly startTimestamp: string;
  readonly startFragmentNumber: string;
  readonly stopTimestamp?: string;
  readonly stopFragmentNumber?: string;
}

/** The contact as it is right now; the interpreter reads it afresh before each action. */
export interface ContactData {
  readonly contactId: string;
  readonly initialContactId: string;
  readonly previousContactId?: string;
  readonly channel: FlowChannel;
  readonly instanceArn: string;
  readonly initiationMethod: string;
  readonly customerEndpoint: Endpoint | null;
  readonly systemEndpoint: Endpoint | null;
  readonly languageCode?: string;
  readonly textToSpeechVoiceId?: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** The working queue, null until UpdateContactTargetQueue (or the host) sets one. */
  readonly queue: QueueInfo | null;
  /** Null until media streaming has been started on the contact. */
  readonly mediaStreams: MediaStreamInfo | null;
}

/** A Lex V2 bot by its alias ARN, or a classic (V1) bot by name, region and alias. */
export type LexBotRef =
  | { readonly aliasArn: string }
  | { readonly name: string; readonly region: string; readonly alias: string };

/** A queue named by id or ARN, or an agent's queue named by agent id or ARN. */
export type QueueRef = { readonly queueId: string } | { readonly agentId: string };

/** One weekly range of open hours, as Connect's HoursOfOperationConfig writes it. */
export interface HoursOfOperationRange {
  readonly day: "MONDAY" | "TUESDAY" | "WEDNESDAY" | "THURSDAY" | "FRIDAY" | "SATURDAY" | "SUNDAY";
  /** HH:MM on a 24-hour clock, in the hours' time zone. */
  readonly startTime: string;
  /** HH:MM; 00:00 is the midnight that ends the day. */
  readonly endTime: string;
}

export interface HoursOfOperationInfo {
  readonly hoursOfOperationId: string;
  /** IANA time zone the ranges are written in, such as Europe/London. */
  readonly timeZone: string;
  readonly config: readonly HoursOfOperationRange[];
}

export interface QueueMetrics {
  readonly queue: QueueInfo;
  readonly contactsInQueue: number;
  readonly oldestContactAgeSeconds: number;
  readonly agents: {
    readonly online: number;
    readonly available: number;
    readonly staffed: number;
    readonly afterContactWork: number;
    readonly busy: number;
    readonly missed: number;
    readonly nonProductive: number;
  };
}

export type TransferOutcome =
  | { readonly kind: "queued"; readonly queue: QueueInfo }
  | { readonly kind: "atCapacity" }
  | { readonly kind: "failed"; readonly reason: string };

/** What one Lambda Invoke attempt came back with, before the interpreter's validation. */
export type LambdaOutcome =
  | { readonly kind: "ok"; readonly payload: string }
  | { readonly kind: "functionError"; readonly message: string }
  | { readonly kind: "throttled" }
  | { readonly kind: "serviceError"; readonly statusCode: number }
  | { readonly kind: "notFound" };

export type Prompt =
  | { readonly kind: "Text"; readonly text: string }
  | { readonly kind: "SSML"; readonly ssml: string }
  | { readonly kind: "PromptId"; readonly promptId: string }
  | { readonly kind: "Media"; readonly uri: string };

/** A prompt with references already resolved, and the action that plays it. */
export interface PromptDelivery {
  readonly actionId: string;
  readonly prompt: Prompt;
}

export type PlayResult = "played" | "interrupted" | "hungUp";

/** What the participant did while the flow waited: keys, speech (voice) or a message (chat). */
export type ParticipantInput =
  | { readonly kind: "dtmf"; readonly digits: string }
  | { readonly kind: "speech"; readonly text: string }
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "hungUp" };

export interface InputRequest {
  readonly actionId: string;
  /** True when the block stores several digits rather than branching on one. */
  readonly storeInput: boolean;
}

/** The customer side of a contact: a scripted caller, a chat customer, or the emulator's own. */
export interface FlowParticipant {
  /** False once the customer hung up or left the chat. */
  isConnected(): boolean;
  /** Plays (voice) or sends (chat) a prompt; resolves when it has finished or was cut off. */
  play(delivery: PromptDelivery, signal: AbortSignal): Promise<PlayResult>;
  /** Resolves with the participant's next input; the interpreter enforces timeouts via `signal`. */
  awaitInput(request: InputRequest, signal: AbortSignal): Promise<ParticipantInput>;
  /** Resolves with the first of `events` to happen (Wait block), or "hungUp". */
  awaitEvent(events: readonly string[], signal: AbortSignal): Promise<string>;
}

/**
 * Everything the interpreter touches outside itself. The Connect emulator implements it on
 * its contact, queue and Lambda models; InMemoryFlowHost implements it for tests.
 */
export interface FlowHost {
  readonly clock: FlowClock;
  readonly participant: FlowParticipant;
  /** A snapshot of the contact: ids, endpoints, attributes, working queue, media streams. */
  contactData(): ContactData;
  /** Merges attributes into the current or related contact; false when that contact is missing. */
  updateAttributes(
    target: "Current" | "Related",
    attributes: Record<string, string>,
  ): Promise<boolean>;
  /** Sets the working queue; undefined when the queue or agent does not exist. */
  setWorkingQueue(ref: QueueRef): Promise<QueueInfo | undefined>;
  /**
   * Puts the contact in a queue: the working queue when `ref` is absent. `fromQueue` is true for
   * DequeueContactAndTransferToQueue, which moves a contact that is already queued.
   */
  transferToQueue(request: { ref?: QueueRef; fromQueue: boolean }): Promise<TransferOutcome>;
  /** Current metrics of a queue (the working queue when `ref` is absent); undefined if none. */
  queueMetrics(request: {
    ref?: QueueRef;
    channel?: FlowChannel;
  }): Promise<QueueMetrics | undefined>;
  /**
   * Hours of operation by id or ARN, or the working queue's when `hoursOfOperationId` is
   * absent; undefined when they do not exist or the queue has none (an agent queue).
   */
  hoursOfOperation(ref: { hoursOfOperationId?: string }): Promise<HoursOfOperationInfo | undefined>;
  /** One synchronous invoke attempt. Must stop waiting when `signal` aborts. */
  invokeLambda(request: {
    functionArn: string;
    event: ContactFlowEvent;
    signal: AbortSignal;
  }): Promise<LambdaOutcome>;
  /** Applies a logging, recording, media-streaming or event-hook setting; false on failure. */
  applySetting(setting: ContactSetting): Promise<boolean>;
  /** Ends the contact (hang up / end chat). */
  disconnect(): Promise<void>;
  /** Customer Profiles whose field has this exact value; absent where there is no domain. */
  searchProfiles?(field: string, value: string): Promise<readonly CustomerProfile[]>;
  /** Creates a customer profile with these fields. */
  createProfile?(fields: Readonly<Record<string, string>>): Promise<CustomerProfile>;
  /** Merges fields into a profile; undefined when there is no such profile. */
  updateProfile?(
    profileId: string,
    fields: Readonly<Record<string, string>>,
  ): Promise<CustomerProfile | undefined>;
  /** A profile's latest object of a type (whose `identifier` field matches, if given). */
  profileObject?(request: {
    profileId: string;
    objectType: string;
    identifier?: { name: string; value: string };
  }): Promise<ProfileObject | undefined | "noProfile">;
  /** A profile's calculated attributes; undefined when there is no such profile. */
  calculatedAttributes?(profileId: string): Promise<Readonly<Record<string, string>> | undefined>;
  /** Associates a contact with a profile; false when the profile does not exist. */
  associateContactToProfile?(profileId: string, contactId: string): Promise<boolean>;
  /** Voice ID's answer for the caller ("Authenticated", "LowRisk", ...); absent without Voice ID. */
  checkVoiceId?(
    option: "enrollmentStatus" | "voiceAuthentication" | "fraudDetection",
  ): Promise<string | undefined>;
  /** Starts an Amazon Q in Connect (Wisdom) session for the contact; its ARN, or undefined. */
  createWisdomSession?(assistantArn: string): Promise<string | undefined>;
  /** Cases matching every criterion (text fields contain the value, case_id equals it). */
  searchCases?(criteria: Readonly<Record<string, string>>): Promise<readonly CaseRecord[]>;
  /** Creates a case with these fields. */
  createCase?(request: {
    templateId: string;
    fields: Readonly<Record<string, string>>;
  }): Promise<CaseRecord>;
  /** Links this contact to the case; false when it could not be linked. */
  linkContactToCase?(caseId: string): Promise<boolean>;
  /** Sets fields on a case; undefined when there is no such case. */
  updateCase?(
    caseId: string,
    fields: Readonly<Record<string, string>>,
  ): Promise<CaseRecord | undefined>;
  /** A whole number from 1 to 100 drawn at random (DistributeByPercentage). */
  drawPercentage?(): Promise<number>;
  /** Starts an outbound SMS contact; its contact id, or undefined when it cannot be sent. */
  startOutboundChat?(request: OutboundChatRequest): Promise<string | undefined>;
  /** Continues an ended chat (a session by its initial contact, or a segment); which one. */
  createPersistentChat?(request: {
    rehydrationType: "ENTIRE_PAST_SESSION" | "FROM_SEGMENT";
    sourceContactId: string;
  }): Promise<string | undefined>;
  /** Transfers the caller to the agent a transfer-to-agent quick connect chose. */
  transferToAgent?(): Promise<AgentTransferOutcome>;
  /** Answering-machine detection's result for a campaign call ("VoicemailBeep", ...). */
  outboundCallStatus?(): Promise<string | undefined>;
  /** Creates a task contact that runs `contactFlowId`; its contact id, or undefined if refused. */
  createTask?(request: {
    name: string;
    contactFlowId: string;
    description?: string;
    attributes: Readonly<Record<string, string>>;
  }): Promise<string | undefined>;
  /**
   * What the Lex bot makes of the customer's words; undefined when the bot cannot be found
   * (the block then takes its error branch).
   */
  recognizeIntent?(request: {
    bot: LexBotRef;
    utterance: string;
    sessionAttributes: Readonly<Record<string, string>>;
  }): Promise<LexIntent | undefined>;
  /**
   * Dials a third party for the caller and reports how that leg went: "completed" (answered,
   * and the third party has hung up with the caller still on the line), "connected" (answered,
   * when the flow does not wait for the leg to end), "noAnswer" within the time limit, or
   * "failed". Absent where no third party can be reached (the leg fails).
   */
  dialThirdParty?(request: {
    phoneNumber: string;
    timeLimitSeconds: number;
    waitForEnd: boolean;
    dtmfDigits?: string;
    callerIdNumber?: string;
  }): Promise<"completed" | "connected" | "noAnswer" | "failed">;
  /**
   * The flow module with this id or ARN, loaded; undefined when the instance has none such
   * (InvokeFlowModule then takes its error branch).
   */
  flowModule?(moduleId: string): FlowDocument | undefined;
  /**
   * Shows a view in the agent's workspace and resolves with the agent's choice. Present
   * only where the run has an agent to show it to (a DefaultAgentUI flow).
   */
  showView?(request: {
    viewId: string;
    viewData: Readonly<Record<string, unknown>>;
    signal: AbortSignal;
  }): Promise<string>;
}
