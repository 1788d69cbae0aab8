import type { QueueRef } from "./flow-host.ts";

/** Settings that only change contact state and succeed or fail as a whole. */
export type ContactSetting =
  | { readonly kind: "flowLogging"; readonly enabled: boolean }
  | { readonly kind: "recording"; readonly parameters: Readonly<Record<string, unknown>> }
  | { readonly kind: "mediaStreaming"; readonly enabled: boolean }
  | { readonly kind: "eventHooks"; readonly hooks: Readonly<Record<string, string>> }
  /** UpdateContactTextToSpeechVoice: the voice prompts are spoken in from now on. */
  | { readonly kind: "voice"; readonly voiceId: string; readonly engine?: string }
  /** UpdateContactData: the contact's language (what `$.LanguageCode` reads). */
  | { readonly kind: "language"; readonly languageCode: string }
  /** StartVoiceIdStream: the caller's audio goes to Voice ID for the rest of the contact. */
  | { readonly kind: "voiceIdStream" }
  /** TagContact: tags added to the contact. */
  | { readonly kind: "tags"; readonly tags: Readonly<Record<string, string>> }
  /** UpdateContactRoutingBehavior: the contact's priority in queue and its age adjustment. */
  | {
      readonly kind: "routingBehavior";
      readonly queuePriority?: number;
      readonly queueTimeAdjustmentSeconds?: number;
    }
  /** UpdateContactRoutingCriteria: the steps that choose an agent, as the flow wrote them. */
  | { readonly kind: "routingCriteria"; readonly criteria: Readonly<Record<string, unknown>> }
  /** UpdateContactCallbackNumber: the number a callback will dial (E.164). */
  | { readonly kind: "callbackNumber"; readonly phoneNumber: string }
  /** CreateCallbackContact: a callback queued for the contact's callback number. */
  | {
      readonly kind: "callback";
      readonly initialCallDelaySeconds: number;
      readonly maximumConnectionAttempts: number;
      readonly retryDelaySeconds: number;
      readonly queue?: QueueRef;
    }
  /** UnTagContact: user-defined tags removed; false when the contact does not carry one. */
  | { readonly kind: "untag"; readonly tagKeys: readonly string[] }
  /** UpdatePreviousContactParticipantState: the previous contact's agent or customer on hold. */
  | {
      readonly kind: "previousParticipantState";
      readonly state: "AgentOnHold" | "CustomerOnHold" | "OffHold";
    }
  /** ResumeContact: a paused contact resumes; false when it is not paused. */
  | { readonly kind: "resume" }
  /** UpdateContactMediaProcessing: a Lambda processes the chat's messages in flight. */
  | {
      readonly kind: "mediaProcessing";
      readonly enabled: boolean;
      readonly lambdaProcessorArn: string;
      readonly deliverUnprocessedMessages: boolean;
    }
  /** CompleteOutboundCall: the outbound call is dialled; false when it cannot be placed. */
  | {
      readonly kind: "outboundCall";
      readonly callerIdNumber?: string;
      readonly voiceConnector?: Readonly<Record<string, string>>;
      readonly connectionTimeLimitSeconds?: number;
    };

/** What TransferContactToAgent achieved: the agent took the call, was busy, or there was none. */
export type AgentTransferOutcome =
  | { readonly kind: "transferred"; readonly agentId: string }
  | { readonly kind: "agentBusy"; readonly agentId: string }
  | { readonly kind: "noAgent" };

/** StartOutboundChatContact's request, references resolved. */
export interface OutboundChatRequest {
  /** The instance phone number's ARN the message goes from. */
  readonly sourcePhoneNumberArn: string;
  /** E.164. */
  readonly destinationPhoneNumber: string;
  readonly contactFlowArn: string;
  readonly subtype: "connect:SMS";
  readonly initialMessage?: string;
  /** The current contact, when the block relates the new one to it (RelatedContact CURRENT). */
  readonly relatedContactId?: string;
}
