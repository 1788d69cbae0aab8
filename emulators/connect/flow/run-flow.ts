import { type ActionOutcome, nextActionFor } from "./conditions.ts";
import { contactExecutors } from "./contact-actions.ts";
import {
  type ActionContext,
  type ActionExecutor,
  createContext,
  stepLimitReached,
} from "./flow-context.ts";
import { flowControlExecutors } from "./flow-control-actions.ts";
import type { FlowAction, FlowDocument, FlowKind } from "./flow-document.ts";
import type { FlowHost } from "./flow-host.ts";
import { lambdaExecutors } from "./lambda-action.ts";
import { participantExecutors } from "./participant-actions.ts";
import { routingExecutors } from "./routing-actions.ts";
import type { EndReason, FlowRunResult } from "./run-result.ts";
import { viewExecutors } from "./view-actions.ts";

/** Stops runaway loops; an iterative prompt counts one step per message played. */
export const DEFAULT_MAX_STEPS = 1000;

const executors: Readonly<Record<string, ActionExecutor>> = {
  ...participantExecutors,
  ...viewExecutors,
  ...contactExecutors,
  ...flowControlExecutors,
  ...lambdaExecutors,
  ...routingExecutors,
};

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
    return { kind: "error", error: "NoMatchingError", detail: String(error) };
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
