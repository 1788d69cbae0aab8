import type {
  ContactSetting,
  EndReason,
  FlowKind,
  FlowParticipant,
  FlowRunResult,
} from "../flow/index.ts";
import { ScriptedCaller, ScriptedChatCustomer } from "../flow/index.ts";

/** One run of one flow for a contact: live while `status` is "running". */
export interface FlowRunRecord {
  readonly flowId: string;
  readonly flowName: string;
  readonly kind: FlowKind;
  /** Epoch milliseconds on the emulator's clock. */
  readonly startedAt: number;
  status: "running" | "finished";
  endedAt?: number;
  end?: EndReason;
  /** Action identifiers in the order they ran (filled when the run finishes). */
  visited: readonly string[];
  /** Each action with how it came out: "next", "result:<value>", "error:<type>", "end:<kind>". */
  steps: FlowRunResult["steps"];
  lambdaCalls: FlowRunResult["lambdaCalls"];
  /** The contact settings the run applied, live: some change the contact, the rest are only kept here. */
  settings: readonly ContactSetting[];
}

/** What a test or the sandbox can see of a contact's flows: what the caller heard, and every run. */
export interface ContactFlowTrace {
  readonly contactId: string;
  /** Prompts heard by a voice caller, in order, live (including ones cut off). */
  readonly heard: readonly {
    actionId: string;
    kind: string;
    content: string;
    atMs: number;
    result: string;
  }[];
  /** What the caller said (speech steps). */
  readonly said: readonly string[];
  /** Messages a chat customer received from flows. */
  readonly received: readonly { actionId: string; text: string; atMs: number }[];
  readonly runs: readonly FlowRunRecord[];
}

export function startRecord(options: {
  flowId: string;
  flowName: string;
  kind: FlowKind;
  startedAt: number;
}): FlowRunRecord {
  return { ...options, status: "running", visited: [], steps: [], lambdaCalls: [], settings: [] };
}

export function finishRecord(
  record: FlowRunRecord,
  outcome: { result?: FlowRunResult; error?: unknown; endedAt: number },
): void {
  record.status = "finished";
  record.endedAt = outcome.endedAt;
  if (outcome.result) {
    record.end = outcome.result.end;
    record.visited = outcome.result.visited;
    record.steps = outcome.result.steps;
    record.lambdaCalls = outcome.result.lambdaCalls;
  } else {
    record.end = { kind: "error", message: String(outcome.error) };
  }
}

export function traceOf(
  contactId: string,
  participant: FlowParticipant | undefined,
  runs: readonly FlowRunRecord[],
): ContactFlowTrace {
  const caller = participant instanceof ScriptedCaller ? participant : undefined;
  const chat = participant instanceof ScriptedChatCustomer ? participant : undefined;
  return {
    contactId,
    heard: caller ? [...caller.heard] : [],
    said: caller ? [...caller.said] : [],
    received: chat ? [...chat.received] : [],
    runs: runs.map((run) => ({ ...run })),
  };
}
