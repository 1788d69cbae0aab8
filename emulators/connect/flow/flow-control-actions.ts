import { failed } from "./conditions.ts";
import { queueRefOf } from "./contact-actions.ts";
import { type ActionExecutor, stringParam } from "./flow-context.ts";
import type { MetricType } from "./flow-control-rules.ts";
import type { QueueMetrics } from "./flow-host.ts";
import { WAIT_LIMIT_FIELDS } from "./participant-rules.ts";
import { renderValue, resolveParameterText, resolveReference } from "./references.ts";
import { raceWithTimeout } from "./timing.ts";

const MAX_TIMER_MS = 2 ** 31 - 1;

const compare: ActionExecutor = async (action, ctx) => {
  const path = stringParam(action, "ComparisonValue") ?? "";
  return { kind: "result", value: renderValue(resolveReference(path, ctx.scope())) };
};

/** ContinueLooping LoopCount times, then DoneLooping once, then the counter resets (Loop page). */
const loop: ActionExecutor = async (action, ctx) => {
  const raw = resolveParameterText(stringParam(action, "LoopCount") ?? "", ctx.scope());
  if (!/^\d+$/.test(raw) || Number(raw) > 100)
    return failed(`LoopCount resolved to ${JSON.stringify(raw)}`);
  const counters = ctx.state.loopCounters;
  const done = counters.get(action.Identifier) ?? 0;
  if (done < Number(raw)) {
    counters.set(action.Identifier, done + 1);
    return { kind: "result", value: "ContinueLooping" };
  }
  counters.delete(action.Identifier);
  return { kind: "result", value: "DoneLooping" };
};

function metricValue(metrics: QueueMetrics, type: MetricType): number {
  switch (type) {
    case "NumberOfAgentsAvailable":
      return metrics.agents.available;
    case "NumberOfAgentsStaffed":
      return metrics.agents.staffed;
    case "NumberOfAgentsOnline":
      return metrics.agents.online;
    case "OldestContactInQueueAgeSeconds":
      return metrics.oldestContactAgeSeconds;
    case "NumberOfContactsInQueue":
      return metrics.contactsInQueue;
  }
}

const checkMetricData: ActionExecutor = async (action, ctx) => {
  const ref = queueRefOf(action, ctx);
  const metrics = await ctx.host.queueMetrics(ref ? { ref } : {});
  if (!metrics) return failed("no queue to read metrics from");
  const type = stringParam(action, "MetricType") as MetricType;
  return { kind: "result", value: String(metricValue(metrics, type)) };
};

/** Fills `$.Metrics` (protocols.md §2.2). The estimated-wait JSONPath is unknown (§10 item 1). */
const getMetricData: ActionExecutor = async (action, ctx) => {
  const ref = queueRefOf(action, ctx);
  const channel = stringParam(action, "QueueChannel");
  const metrics = await ctx.host.queueMetrics({
    ...(ref ? { ref } : {}),
    ...(channel ? { channel: channel === "Chat" ? "CHAT" : "VOICE" } : {}),
  });
  if (!metrics) return failed("no queue to read metrics from");
  const a = metrics.agents;
  ctx.state.metrics = {
    Queue: {
      Name: metrics.queue.name,
      ARN: metrics.queue.arn,
      Size: metrics.contactsInQueue,
      OldestContactAge: metrics.oldestContactAgeSeconds,
    },
    Agents: {
      Online: { Count: a.online },
      Available: { Count: a.available },
      Staffed: { Count: a.staffed },
      AfterContactWork: { Count: a.afterContactWork },
      Busy: { Count: a.busy },
      Missed: { Count: a.missed },
      NonProductive: { Count: a.nonProductive },
    },
  };
  return { kind: "next" };
};

/** WaitCompleted after its time limit, or the first listed event to happen. */
const wait: ActionExecutor = async (action, ctx) => {
  const field = WAIT_LIMIT_FIELDS.find((name) => stringParam(action, name) !== undefined);
  const raw = resolveParameterText(field ? (stringParam(action, field) ?? "") : "", ctx.scope());
  if (!/^\d+$/.test(raw) || Number(raw) > 604_800)
    return failed(`${field ?? "TimeLimitSeconds"} resolved to ${JSON.stringify(raw)}`);
  const { participant, clock } = ctx.host;
  const events = (action.Parameters.Events as string[] | undefined) ?? [];
  if (!participant.isConnected()) return { kind: "error", error: "ParticipantNotFound" };
  const raced = await raceWithTimeout({
    clock,
    timeoutMs: Math.min(Number(raw) * 1000, MAX_TIMER_MS),
    parent: ctx.signal,
    task: (signal) =>
      events.length ? participant.awaitEvent(events, signal) : new Promise<string>(() => {}),
  });
  if (raced.kind === "timeout") return { kind: "result", value: "WaitCompleted" };
  if (raced.value === "hungUp") return { kind: "end", end: { kind: "hungUp" } };
  return { kind: "result", value: raced.value };
};

const transferToFlow: ActionExecutor = async (action, ctx) => {
  const id = resolveParameterText(stringParam(action, "ContactFlowId") ?? "", ctx.scope());
  if (!id) return failed("ContactFlowId resolved to nothing");
  return { kind: "end", end: { kind: "transferredToFlow", contactFlowId: id } };
};

/** Resolves every value first, so a flow attribute never reads one set in the same block. */
const updateFlowAttributes: ActionExecutor = async (action, ctx) => {
  const scope = ctx.scope();
  const updates: Record<string, string> = {};
  for (const [rawKey, entry] of Object.entries(
    action.Parameters.FlowAttributes as Record<string, { Value: string }>,
  )) {
    updates[resolveParameterText(rawKey, scope)] = resolveParameterText(entry.Value, scope);
  }
  Object.assign(ctx.state.flowAttributes, updates);
  return { kind: "next" };
};

export const flowControlExecutors: Record<string, ActionExecutor> = {
  UpdateFlowAttributes: updateFlowAttributes,
  Compare: compare,
  Loop: loop,
  CheckMetricData: checkMetricData,
  GetMetricData: getMetricData,
  Wait: wait,
  EndFlowExecution: async () => ({ kind: "end", end: { kind: "ended" } }),
  TransferToFlow: transferToFlow,
};
