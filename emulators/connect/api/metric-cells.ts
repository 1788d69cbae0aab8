import { ApiError } from "../http/api-error.ts";
import type { MetricCell } from "../model/current-metrics.ts";
import type { Instance } from "../model/instance.ts";
import type { Channel } from "../model/instance-seed.ts";
import type { CurrentMetricRequest } from "./current-metric-request.ts";

const allChannels: Channel[] = ["VOICE", "CHAT", "TASK", "EMAIL"];

/** Expands filters × groupings into the rows GetCurrentMetricData reports. */
export function buildCells(instance: Instance, request: CurrentMetricRequest): MetricCell[] {
  const { Filters: filters } = request;
  const groupings = request.Groupings ?? [];
  for (const grouping of groupings) {
    if (!["QUEUE", "CHANNEL", "ROUTING_PROFILE", "ROUTING_STEP_EXPRESSION"].includes(grouping)) {
      throw new ApiError("InvalidParameterException", `Grouping ${grouping} is not supported here`);
    }
  }
  const channels = filters.Channels?.length ? filters.Channels : allChannels;
  const profiles = (filters.RoutingProfiles ?? []).map((ref) => {
    const profile = [...instance.routingProfiles.values()].find(
      (p) => p.id === ref || p.arn === ref,
    );
    if (!profile) throw new ApiError("InvalidParameterException", `Unknown routing profile ${ref}`);
    return profile;
  });
  const queues = filters.Queues?.length
    ? filters.Queues.map((ref) => {
        const queue = instance.findQueue(ref);
        if (!queue) throw new ApiError("InvalidParameterException", `Unknown queue ${ref}`);
        return queue;
      })
    : [...new Set(profiles.flatMap((p) => p.queues.map((q) => q.queueId)))].flatMap(
        (id) => instance.queues.get(id) ?? [],
      );

  let cells: MetricCell[] = [
    {
      queueIds: new Set(queues.map((q) => q.id)),
      channels: new Set(channels),
      ...(profiles.length ? { profileIds: new Set(profiles.map((p) => p.id)) } : {}),
    },
  ];
  if (groupings.includes("QUEUE")) {
    cells = cells.flatMap((cell) =>
      queues.map((queue) => ({ ...cell, queue, queueIds: new Set([queue.id]) })),
    );
  }
  if (groupings.includes("CHANNEL")) {
    cells = cells.flatMap((cell) =>
      channels.map((channel) => ({ ...cell, channel, channels: new Set([channel]) })),
    );
  }
  if (groupings.includes("ROUTING_PROFILE")) {
    const grouped = profiles.length ? profiles : [...instance.routingProfiles.values()];
    cells = cells.flatMap((cell) =>
      grouped.map((routingProfile) => ({
        ...cell,
        routingProfile,
        profileIds: new Set([routingProfile.id]),
      })),
    );
  }
  if (groupings.includes("ROUTING_STEP_EXPRESSION")) {
    // The emulator has no routing steps: every expression reports the queue's own figures.
    const expressions = filters.RoutingStepExpressions ?? [];
    cells = cells.flatMap((cell) =>
      expressions.map((routingStepExpression) => ({ ...cell, routingStepExpression })),
    );
  }
  return cells;
}

/** The Dimensions object of one row, as the SDK expects it. */
export function dimensionsOf(cell: MetricCell): Record<string, unknown> {
  return {
    ...(cell.queue ? { Queue: { Id: cell.queue.id, Arn: cell.queue.arn } } : {}),
    ...(cell.channel ? { Channel: cell.channel } : {}),
    ...(cell.routingProfile
      ? { RoutingProfile: { Id: cell.routingProfile.id, Arn: cell.routingProfile.arn } }
      : {}),
    ...(cell.routingStepExpression ? { RoutingStepExpression: cell.routingStepExpression } : {}),
  };
}
