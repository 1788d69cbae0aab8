import type { Contact } from "./contact.ts";
import type { Agent, Instance, Queue, RoutingProfile } from "./instance.ts";
import type { Channel } from "./instance-seed.ts";
import type { QueueModel } from "./queue-model.ts";
import type { WaitEstimator } from "./wait-estimate.ts";

/** One row of GetCurrentMetricData: the queues, channels and profiles it aggregates. */
export interface MetricCell {
  readonly queue?: Queue;
  readonly channel?: Channel;
  readonly routingProfile?: RoutingProfile;
  readonly routingStepExpression?: string;
  readonly queueIds: ReadonlySet<string>;
  readonly channels: ReadonlySet<Channel>;
  readonly profileIds?: ReadonlySet<string>;
}

export interface MetricContext {
  readonly instance: Instance;
  readonly model: QueueModel;
  readonly estimator: WaitEstimator;
  readonly now: number;
  /** OLDEST_CONTACT_AGE is in milliseconds when the request has no Groupings (§3.1). */
  readonly grouped: boolean;
}

type Activity = "ON_CONTACT" | "AFTER_CONTACT_WORK" | "AVAILABLE" | "NON_PRODUCTIVE" | "OFFLINE";

function activityOf(agent: Agent): Activity {
  if (agent.status === "Offline") return "OFFLINE";
  if (agent.activeContactIds.size > 0) return "ON_CONTACT";
  if (agent.afterWorkContactIds.size > 0) return "AFTER_CONTACT_WORK";
  return agent.status === "Available" ? "AVAILABLE" : "NON_PRODUCTIVE";
}

function agentsIn(cell: MetricCell, ctx: MetricContext): Agent[] {
  return [...ctx.instance.agents.values()].filter((agent) => {
    if (cell.profileIds) return cell.profileIds.has(agent.routingProfileId);
    const profile = ctx.instance.routingProfiles.get(agent.routingProfileId);
    return profile?.queues.some(
      (q) => cell.queueIds.has(q.queueId) && cell.channels.has(q.channel),
    );
  });
}

function queuedIn(cell: MetricCell, ctx: MetricContext): Contact[] {
  return [...cell.queueIds].flatMap((queueId) =>
    ctx.model.waitingIn(queueId).filter((contact) => cell.channels.has(contact.channel)),
  );
}

function countAgents(cell: MetricCell, ctx: MetricContext, wanted: Activity[]): number {
  return agentsIn(cell, ctx).filter((agent) => wanted.includes(activityOf(agent))).length;
}

function slots(cell: MetricCell, ctx: MetricContext, kind: "active" | "available"): number {
  let total = 0;
  for (const agent of agentsIn(cell, ctx)) {
    for (const channel of cell.channels) {
      if (kind === "available") total += ctx.model.freeSlots(agent, channel);
    }
    if (kind === "active") total += agent.activeContactIds.size + agent.afterWorkContactIds.size;
  }
  return total;
}

function oldestAge(cell: MetricCell, ctx: MetricContext): number {
  const oldest = Math.min(...queuedIn(cell, ctx).map((c) => c.enqueueTimestamp ?? ctx.now));
  if (!Number.isFinite(oldest)) return 0;
  const ageMs = ctx.now - oldest;
  return ctx.grouped ? Math.floor(ageMs / 1000) : ageMs;
}

function estimatedWait(cell: MetricCell, ctx: MetricContext): number | undefined {
  const [queueId] = cell.queueIds;
  const [channel] = cell.channels;
  if (!queueId || !channel) return undefined;
  return ctx.estimator.forQueue(queueId, channel);
}

const metrics: Record<string, (cell: MetricCell, ctx: MetricContext) => number | undefined> = {
  AGENTS_AFTER_CONTACT_WORK: (cell, ctx) => countAgents(cell, ctx, ["AFTER_CONTACT_WORK"]),
  AGENTS_AVAILABLE: (cell, ctx) => countAgents(cell, ctx, ["AVAILABLE"]),
  // The emulator has no error (missed-contact) state; agents never enter it.
  AGENTS_ERROR: () => 0,
  AGENTS_NON_PRODUCTIVE: (cell, ctx) => countAgents(cell, ctx, ["NON_PRODUCTIVE"]),
  AGENTS_ONLINE: (cell, ctx) =>
    countAgents(cell, ctx, ["ON_CONTACT", "AFTER_CONTACT_WORK", "AVAILABLE", "NON_PRODUCTIVE"]),
  AGENTS_ON_CALL: (cell, ctx) => countAgents(cell, ctx, ["ON_CONTACT"]),
  AGENTS_ON_CONTACT: (cell, ctx) => countAgents(cell, ctx, ["ON_CONTACT"]),
  AGENTS_STAFFED: (cell, ctx) =>
    countAgents(cell, ctx, ["ON_CONTACT", "AFTER_CONTACT_WORK", "AVAILABLE"]),
  CONTACTS_IN_QUEUE: (cell, ctx) => queuedIn(cell, ctx).length,
  // Scheduled callbacks are not modelled.
  CONTACTS_SCHEDULED: () => 0,
  OLDEST_CONTACT_AGE: oldestAge,
  SLOTS_ACTIVE: (cell, ctx) => slots(cell, ctx, "active"),
  SLOTS_AVAILABLE: (cell, ctx) => slots(cell, ctx, "available"),
  ESTIMATED_WAIT_TIME: estimatedWait,
};

export const currentMetricNames = Object.keys(metrics);

/** The value of one real-time metric for a cell; undefined when Connect would have none. */
export function currentMetricValue(name: string, cell: MetricCell, ctx: MetricContext) {
  return metrics[name]?.(cell, ctx);
}
