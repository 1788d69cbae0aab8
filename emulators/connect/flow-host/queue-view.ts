import type { FlowChannel, QueueInfo, QueueMetrics } from "../flow/index.ts";
import { currentMetricValue } from "../model/current-metrics.ts";
import type { Agent, Instance, Queue } from "../model/instance.ts";
import type { InstanceRuntime } from "../model/instance-runtime.ts";

/** A standard queue as a flow sees it (`$.Queue`). */
export function queueInfo(queue: Queue): QueueInfo {
  return {
    queueId: queue.id,
    arn: queue.arn,
    name: queue.name,
    ...(queue.outboundCallerIdNumber
      ? { outboundCallerIdAddress: queue.outboundCallerIdNumber }
      : {}),
  };
}

/** An agent's own queue, a working queue set by agent (`<instance>/queue/agent/<id>`, as Connect writes it). */
export function agentQueueInfo(instance: Instance, agent: Agent): QueueInfo {
  return {
    queueId: agent.id,
    arn: `${instance.arn}/queue/agent/${agent.id}`,
    name: agent.username,
  };
}

/** GetMetricData's figures for one queue and channel, from the emulator's current metrics. */
export function queueMetricsOf(options: {
  runtime: InstanceRuntime;
  queue: Queue;
  channel: FlowChannel;
  now: number;
}): QueueMetrics {
  const { runtime, queue, channel, now } = options;
  const cell = { queueIds: new Set([queue.id]), channels: new Set([channel]) };
  const ctx = {
    instance: runtime.instance,
    model: runtime.model,
    estimator: runtime.estimator,
    now,
    grouped: true,
  };
  const metric = (name: string) => currentMetricValue(name, cell, ctx) ?? 0;
  return {
    queue: queueInfo(queue),
    contactsInQueue: metric("CONTACTS_IN_QUEUE"),
    oldestContactAgeSeconds: metric("OLDEST_CONTACT_AGE"),
    agents: {
      online: metric("AGENTS_ONLINE"),
      available: metric("AGENTS_AVAILABLE"),
      staffed: metric("AGENTS_STAFFED"),
      afterContactWork: metric("AGENTS_AFTER_CONTACT_WORK"),
      busy: metric("AGENTS_ON_CONTACT"),
      missed: 0,
      nonProductive: metric("AGENTS_NON_PRODUCTIVE"),
    },
  };
}
