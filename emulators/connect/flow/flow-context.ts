import type { ActionOutcome } from "./conditions.ts";
import type { FlowAction, FlowKind } from "./flow-document.ts";
import type { ContactData, FlowHost, PlayResult, Prompt, PromptDelivery } from "./flow-host.ts";
import { type ReferenceScope, resolveParameterText, resolveText } from "./references.ts";
import type { FlowTrace } from "./run-result.ts";

/** Interpreter state that lives only for one run (never in the contact record). */
export interface FlowRunState {
  /** The last Lambda result, `$.External`. */
  external: unknown;
  /** `$.StoredCustomerInput`. */
  storedCustomerInput: string | undefined;
  /** `$.Metrics`, filled by GetMetricData. */
  metrics: Record<string, unknown> | undefined;
  /** Loop counters by action Identifier. */
  readonly loopCounters: Map<string, number>;
  /** `$.FlowAttributes`: set by UpdateFlowAttributes, seen by this flow run only. */
  readonly flowAttributes: Record<string, string>;
  /** `$.Lex`: what the last Lex bot recognised. */
  lex: Record<string, unknown> | undefined;
  /** `$.Customer`: the profile the last Customer Profiles block found, created or read. */
  customer: Record<string, unknown> | undefined;
  /** `$.Case`: the case the last Cases block found or created. */
  case: Record<string, string> | undefined;
  /** `$.Wisdom`: the assistant session CreateWisdomSession started. */
  wisdom: Record<string, string> | undefined;
}

export interface ActionContext {
  readonly host: FlowHost;
  readonly kind: FlowKind;
  readonly state: FlowRunState;
  readonly trace: FlowTrace;
  /** Aborted when the host stops the run; every wait must honour it. */
  readonly signal: AbortSignal;
  /** Actions run plus iterative messages played may not exceed this (runaway loops). */
  readonly maxSteps: number;
  /** True inside a flow module, which may not invoke another. */
  readonly inModule?: boolean;
  /** Steps used so far. */
  stepsUsed: number;
  /** A fresh reference scope built from the contact as it is now. */
  scope(): ReferenceScope;
}

function endpoint(value: ContactData["customerEndpoint"]) {
  return value ? { Address: value.Address, Type: value.Type } : undefined;
}

/** Lays contact data and run state out under the JSONPath names of protocols.md §2.2. */
export function buildScope(contact: ContactData, state: FlowRunState): ReferenceScope {
  const queue = contact.queue;
  const streams = contact.mediaStreams;
  return {
    ContactId: contact.contactId,
    InitialContactId: contact.initialContactId,
    PreviousContactId: contact.previousContactId,
    Channel: contact.channel,
    InstanceARN: contact.instanceArn,
    InitiationMethod: contact.initiationMethod,
    CustomerEndpoint: endpoint(contact.customerEndpoint),
    SystemEndpoint: endpoint(contact.systemEndpoint),
    Queue: queue
      ? {
          Name: queue.name,
          ARN: queue.arn,
          OutboundCallerId: { Address: queue.outboundCallerIdAddress },
        }
      : undefined,
    LanguageCode: contact.languageCode,
    TextToSpeechVoiceId: contact.textToSpeechVoiceId,
    StoredCustomerInput: state.storedCustomerInput,
    Attributes: contact.attributes,
    FlowAttributes: state.flowAttributes,
    Lex: state.lex,
    Customer: state.customer,
    Case: state.case,
    Wisdom: state.wisdom,
    External: state.external,
    Metrics: state.metrics,
    MediaStreams: streams
      ? {
          Customer: {
            Audio: {
              StreamARN: streams.streamArn,
              StartTimestamp: streams.startTimestamp,
              StopTimestamp: streams.stopTimestamp,
              StartFragmentNumber: streams.startFragmentNumber,
            },
          },
        }
      : undefined,
  };
}

/** The run state a flow (or a flow module) starts with. */
export function freshState(): FlowRunState {
  return {
    external: {},
    storedCustomerInput: undefined,
    metrics: undefined,
    loopCounters: new Map(),
    flowAttributes: {},
    lex: undefined,
    customer: undefined,
    case: undefined,
    wisdom: undefined,
  };
}

export function createContext(options: {
  host: FlowHost;
  kind: FlowKind;
  signal: AbortSignal;
  maxSteps: number;
}): ActionContext {
  const state = freshState();
  const trace: FlowTrace = { visited: [], steps: [], prompts: [], lambdaCalls: [] };
  return {
    ...options,
    stepsUsed: 0,
    state,
    trace,
    scope: () => buildScope(options.host.contactData(), state),
  };
}

/** A full international number, as callback and transfer numbers must be. */
export const E164 = /^\+[1-9]\d{1,14}$/;

/** The string parameter `field` of an action, or undefined when absent. */
export function stringParam(action: FlowAction, field: string): string | undefined {
  const value = action.Parameters[field];
  return typeof value === "string" ? value : undefined;
}

/**
 * The prompt of a MessageParticipant-like source with references resolved. SSML, PromptId and
 * Media are voice only (§2.3), so on chat they yield undefined and the action errors.
 */
export function resolvePrompt(
  source: Readonly<Record<string, unknown>>,
  ctx: ActionContext,
): Prompt | undefined {
  const scope = ctx.scope();
  const voice = ctx.host.contactData().channel === "VOICE";
  if (typeof source.Text === "string")
    return { kind: "Text", text: resolveText(source.Text, scope) };
  if (!voice) return undefined;
  if (typeof source.SSML === "string")
    return { kind: "SSML", ssml: resolveText(source.SSML, scope) };
  if (typeof source.PromptId === "string") {
    return { kind: "PromptId", promptId: resolveParameterText(source.PromptId, scope) };
  }
  const media = source.Media as { Uri?: unknown } | undefined;
  if (typeof media?.Uri === "string") return { kind: "Media", uri: media.Uri };
  return undefined;
}

export type ActionExecutor = (action: FlowAction, ctx: ActionContext) => Promise<ActionOutcome>;

/** Plays one prompt and records it in the trace; "hungUp" means the run should end. */
export async function playPrompt(
  ctx: ActionContext,
  delivery: PromptDelivery,
  signal: AbortSignal = ctx.signal,
): Promise<PlayResult> {
  const atMs = ctx.host.clock.now();
  const result = await ctx.host.participant.play(delivery, signal);
  if (result !== "hungUp") ctx.trace.prompts.push({ ...delivery, atMs, result });
  return result;
}

/** Counts one step; true when the run had already used its whole budget. */
export function stepLimitReached(ctx: ActionContext): boolean {
  if (ctx.stepsUsed >= ctx.maxSteps) return true;
  ctx.stepsUsed += 1;
  return false;
}
