import * as z from "zod";
import { ApiError } from "../http/api-error.ts";
import { channelSchema } from "../model/instance-seed.ts";

const grouping = z.enum([
  "QUEUE",
  "CHANNEL",
  "ROUTING_PROFILE",
  "ROUTING_STEP_EXPRESSION",
  "AGENT_STATUS",
  "SUBTYPE",
  "VALIDATION_TEST_TYPE",
]);

// Filter limits from the SDK model (protocols.md §3.1).
export const currentMetricRequestSchema = z.object({
  Filters: z.object({
    Queues: z.array(z.string()).max(100).optional(),
    Channels: z.array(channelSchema).max(3).optional(),
    RoutingProfiles: z.array(z.string()).max(100).optional(),
    RoutingStepExpressions: z.array(z.string()).max(50).optional(),
    AgentStatuses: z.array(z.string()).max(50).optional(),
    Subtypes: z.array(z.string()).max(10).optional(),
    ValidationTestTypes: z.array(z.string()).max(10).optional(),
  }),
  Groupings: z.array(grouping).max(2).optional(),
  CurrentMetrics: z
    .array(
      z.object({
        Name: z.string().optional(),
        Unit: z.enum(["COUNT", "PERCENT", "SECONDS"]).optional(),
        MetricId: z.string().optional(),
      }),
    )
    .min(1),
  NextToken: z.string().optional(),
  MaxResults: z.number().int().min(1).max(100).optional(),
  SortCriteria: z
    .array(
      z.object({
        SortByMetric: z.string().optional(),
        SortOrder: z.enum(["ASCENDING", "DESCENDING"]).optional(),
      }),
    )
    .max(1)
    .optional(),
});

export type CurrentMetricRequest = z.infer<typeof currentMetricRequestSchema>;

/** Rejects filter and grouping combinations Connect refuses, with Connect's error name. */
export function checkCombinations(request: CurrentMetricRequest): void {
  const { Filters: filters } = request;
  const groupings = request.Groupings ?? [];
  if (filters.Queues?.length && filters.RoutingProfiles?.length) {
    throw invalid("Queue and routing profile filters cannot be used together");
  }
  if (
    !filters.Queues?.length &&
    !filters.RoutingProfiles?.length &&
    !filters.RoutingStepExpressions?.length
  ) {
    throw invalid("Filters must include Queues, RoutingProfiles or RoutingStepExpressions");
  }
  if (request.CurrentMetrics.filter((metric) => metric.MetricId).length > 10) {
    throw invalid("At most 10 MetricIds may be requested");
  }
  const wantsWait = request.CurrentMetrics.some((metric) => metric.Name === "ESTIMATED_WAIT_TIME");
  if (wantsWait && !estimatedWaitAllowed(request, groupings)) {
    throw invalid(
      "ESTIMATED_WAIT_TIME requires Queues and Channels filters grouped by QUEUE and CHANNEL, " +
        "or one queue, one channel and RoutingStepExpressions grouped by ROUTING_STEP_EXPRESSION",
    );
  }
}

// The two shapes ESTIMATED_WAIT_TIME accepts (protocols.md §3.1).
function estimatedWaitAllowed(
  request: CurrentMetricRequest,
  groupings: readonly string[],
): boolean {
  const { Filters: filters } = request;
  const byQueueAndChannel =
    groupings.length === 2 && groupings.includes("QUEUE") && groupings.includes("CHANNEL");
  if (byQueueAndChannel && filters.Queues?.length && filters.Channels?.length) {
    return !filters.RoutingStepExpressions?.length;
  }
  return (
    groupings.length === 1 &&
    groupings[0] === "ROUTING_STEP_EXPRESSION" &&
    filters.Queues?.length === 1 &&
    filters.Channels?.length === 1 &&
    (filters.RoutingStepExpressions?.length ?? 0) > 0
  );
}

function invalid(message: string): ApiError {
  return new ApiError("InvalidParameterException", message);
}
