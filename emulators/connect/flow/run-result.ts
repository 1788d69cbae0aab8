import type { Prompt, QueueInfo } from "./flow-host.ts";

/** Why a flow run stopped. */
export type EndReason =
  /** DisconnectParticipant ran, or a contact flow ran out of transitions before queueing. */
  | { readonly kind: "disconnected"; readonly by: "action" | "noTransition" }
  | { readonly kind: "queued"; readonly queue: QueueInfo }
  /** EndFlowExecution, or a customer queue flow ran out of transitions: the caller stays on hold. */
  | { readonly kind: "ended" }
  | { readonly kind: "transferredToFlow"; readonly contactFlowId: string }
  /** TransferContactToAgent: the quick connect's agent took the call. */
  | { readonly kind: "transferredToAgent"; readonly agentId: string }
  /** TransferParticipantToThirdParty without ContinueFlowExecution: the call went there. */
  | { readonly kind: "transferredToPhoneNumber"; readonly phoneNumber: string }
  /** EndFlowModuleExecution: a module hands the contact back to the flow that invoked it. */
  | { readonly kind: "moduleReturned" }
  | { readonly kind: "hungUp" }
  /** The host aborted the run (an agent answered, the contact was stopped). */
  | { readonly kind: "stopped" }
  | { readonly kind: "error"; readonly message: string };

/** A prompt the interpreter delivered to the participant. */
export interface PlayedPrompt {
  readonly actionId: string;
  readonly prompt: Prompt;
  readonly atMs: number;
  readonly result: "played" | "interrupted";
}

export interface StepRecord {
  readonly actionId: string;
  readonly type: string;
  /**
   * "next", "result:<value>", "error:<ErrorType>" or "end:<kind>"; "ignored-speech" records
   * words spoken during a DTMF block (an extra entry for the same action).
   */
  readonly outcome: string;
  readonly detail?: string;
}

export interface LambdaCallRecord {
  readonly actionId: string;
  readonly functionArn: string;
  readonly attempts: number;
  readonly parameters: Readonly<Record<string, string>>;
  readonly error?: string;
}

/** Everything a test asserts on after a run. */
export interface FlowRunResult {
  readonly end: EndReason;
  readonly visited: readonly string[];
  readonly steps: readonly StepRecord[];
  readonly prompts: readonly PlayedPrompt[];
  readonly lambdaCalls: readonly LambdaCallRecord[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly external: unknown;
}

/** The mutable trace a run accumulates. */
export interface FlowTrace {
  readonly visited: string[];
  readonly steps: StepRecord[];
  readonly prompts: PlayedPrompt[];
  readonly lambdaCalls: LambdaCallRecord[];
}
