import { caseExecutors } from "./case-actions.ts";
import { chatExecutors } from "./chat-actions.ts";
import { type ActionOutcome, failed, nextActionFor } from "./conditions.ts";
import { contactExecutors } from "./contact-actions.ts";
import {
  type ActionContext,
  type ActionExecutor,
  createContext,
  freshState,
  stepLimitReached,
  stringParam,
} from "./flow-context.ts";
import { flowControlExecutors } from "./flow-control-actions.ts";
import type { FlowAction, FlowDocument, FlowKind } from "./flow-document.ts";
import type { FlowHost } from "./flow-host.ts";
import { hoursExecutors } from "./hours-actions.ts";
import { lambdaExecutors } from "./lambda-action.ts";
import { lexExecutors } from "./lex-actions.ts";
import { outboundExecutors } from "./outbound-actions.ts";
import { participantExecutors } from "./participant-actions.ts";
import { profileExecutors } from "./profile-actions.ts";
import { resolveParameterText } from "./references.ts";
import { routingExecutors } from "./routing-actions.ts";
import type { EndReason, FlowRunResult } from "./run-result.ts";
import { thirdPartyExecutors } from "./third-party-actions.ts";
import { transferExecutors } from "./transfer-actions.ts";
import { viewExecutors } from "./view-actions.ts";
import { voiceIdExecutors } from "./voice-id-actions.ts";

/** Stops runaway loops; an iterative prompt counts one step per message played. */
export const DEFAULT_MAX_STEPS = 1000;

/**
 * Runs a flow module on the same contact and comes back to NextAction when it returns
 * (EndFlowModuleExecution). The module has its own run state ($.External, stored input, flow
 * attributes, loop counters) and shares the contact, its attributes, the trace and the step
 * budget. Anything else that ends the module (a disconnect, a queue transfer) ends the flow.
 */
const invokeFlowModule: ActionExecutor = async (action, ctx) => {
  if (ctx.inModule) return failed("a flow module cannot invoke another module");
  const moduleId = resolveParameterText(stringParam(action, "FlowModuleId") ?? "", ctx.scope());
  const module = moduleId ? ctx.host.flowModule?.(moduleId) : undefined;
  if (!module) return failed(`no flow module ${JSON.stringify(moduleId)}`);
  const inner: ActionContext = { ...ctx, inModule: true, state: freshState() };
  const end = await runActions(module, inner);
  ctx.stepsUsed = inner.stepsUsed;
  if (end.kind === "moduleReturned") return { kind: "next" };
  if (end.kind === "error") return failed(`the module failed: ${end.message}`);
  return { kind: "end", end };
};

const executors: Readonly<Record<string, ActionExecutor>> = {
  InvokeFlowModule: invokeFlowModule,
  EndFlowModuleExecution: async (_action, ctx) =>
    ctx.inModule
      ? { kind: "end", end: { kind: "moduleReturned" } }
      : failed("not inside a flow module"),
  ...participantExecutors,
  ...viewExecutors,
  ...contactExecutors,
  ...flowControlExecutors,
  ...lambdaExecutors,
  ...routingExecutors,
  ...thirdPartyExecutors,
  ...voiceIdExecutors,
  ...lexExecutors,
  ...profileExecutors,
  ...hoursExecutors,
  ...caseExecutors,
  ...outboundExecutors,
  ...chatExecutors,
  ...transferExecutors,
};

/** Every action type the interpreter runs (the rules in action-rules.ts check the same set). */
export const EXECUTABLE_ACTION_TYPES: readonly string[] = Object.keys(executors).sort();

export interface RunFlowOptions {
  /** A document returned by loadFlow (validated). */
  readonly flow: FlowDocument;
  readonly host: FlowHost;
  /** "customerQueue" for a customer queue flow; ending it resumes hold. Default "contact". */
  readonly kind?: FlowKind;
  readonly maxSteps?: number;
  /** Aborting stops the run at once with end reason "stopped". */
  readonly signal?: AbortSignal;
}

function describeOutcome(outcome: ActionOutcome): string {
  switch (outcome.kind) {
    case "next":
      return "next";
    case "result":
      return `result:${outcome.value}`;
    case "error":
      return `error:${outcome.error}`;
    case "end":
      return `end:${outcome.end.kind}`;
  }
}

async function execute(action: FlowAction, ctx: ActionContext): Promise<ActionOutcome> {
  const executor = executors[action.Type];
  if (!executor)
    return { kind: "end", end: { kind: "error", message: `no executor for ${action.Type}` } };
  try {
    return await executor(action, ctx);
  } catch (error) {
    if (ctx.signal.aborted) return { kind: "end", end: { kind: "stopped" } };
    // A host failure takes the action's error branch, as a failing block does in Connect.
    return failed(String(error));
  }
}

/** With no transition left, a contact flow disconnects and a customer queue flow resumes hold. */
async function endWithoutTransition(ctx: ActionContext): Promise<EndReason> {
  if (ctx.kind === "customerQueue") return { kind: "ended" };
  await ctx.host.disconnect();
  return { kind: "disconnected", by: "noTransition" };
}

async function runActions(flow: FlowDocument, ctx: ActionContext): Promise<EndReason> {
  const actions = new Map(flow.Actions.map((action) => [action.Identifier, action]));
  let current: string | undefined = flow.StartAction;
  for (;;) {
    if (ctx.signal.aborted) return { kind: "stopped" };
    if (!ctx.host.participant.isConnected()) return { kind: "hungUp" };
    if (current === undefined) return endWithoutTransition(ctx);
    const action = actions.get(current);
    if (!action) return { kind: "error", message: `no action "${current}"` };
    if (stepLimitReached(ctx)) {
      return {
        kind: "error",
        message: `step limit of ${ctx.maxSteps} reached at action "${current}"`,
      };
    }
    ctx.trace.visited.push(action.Identifier);
    const outcome = await execute(action, ctx);
    ctx.trace.steps.push({
      actionId: action.Identifier,
      type: action.Type,
      outcome: describeOutcome(outcome),
      ...(outcome.kind === "error" && outcome.detail ? { detail: outcome.detail } : {}),
    });
    if (outcome.kind === "end") return outcome.end;
    current = nextActionFor(action, outcome);
  }
}

/** Runs a flow for one contact until it ends, and returns the trace and how it ended. */
export async function runFlow(options: RunFlowOptions): Promise<FlowRunResult> {
  const ctx = createContext({
    host: options.host,
    kind: options.kind ?? "contact",
    signal: options.signal ?? new AbortController().signal,
    maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
  });
  const end = await runActions(options.flow, ctx);
  return {
    end,
    visited: ctx.trace.visited,
    steps: ctx.trace.steps,
    prompts: ctx.trace.prompts,
    lambdaCalls: ctx.trace.lambdaCalls,
    attributes: { ...options.host.contactData().attributes },
    external: ctx.state.external,
  };
}
