import * as z from "zod";
import type { EmulatorState } from "../emulator-state.ts";
import { ApiError } from "../http/api-error.ts";
import type { RouteSpec } from "../http/router.ts";
import { validate } from "../http/validate.ts";
import type { Contact } from "../model/contact.ts";
import { historicalMetricNames, historicalMetricValue } from "../model/historical-metrics.ts";
import { timeZoneOffsetMs } from "../model/hours-of-operation.ts";
import { pageOf } from "./paging.ts";

const periodSeconds = { FIFTEEN_MIN: 900, THIRTY_MIN: 1800, HOUR: 3600, DAY: 86400, WEEK: 604800 };
const dayMs = 86_400_000;

const requestSchema = z.object({
  ResourceArn: z.string().min(1),
  StartTime: z.number(),
  EndTime: z.number(),
  Interval: z
    .object({
      TimeZone: z.string().optional(),
      IntervalPeriod: z
        .enum(["FIFTEEN_MIN", "THIRTY_MIN", "HOUR", "DAY", "WEEK", "TOTAL"])
        .optional(),
    })
    .optional(),
  Filters: z
    .array(z.object({ FilterKey: z.string(), FilterValues: z.array(z.string()).max(100) }))
    .min(1)
    .max(5),
  Groupings: z
    .array(z.enum(["QUEUE", "CHANNEL"]))
    .max(4)
    .optional(),
  Metrics: z
    .array(
      z.object({
        Name: z.string(),
        Threshold: z
          .array(z.object({ Comparison: z.string(), ThresholdValue: z.number() }))
          .optional(),
      }),
    )
    .min(1)
    .max(10),
  NextToken: z.string().optional(),
  MaxResults: z.number().int().min(1).max(100).optional(),
});

type MetricRequest = z.infer<typeof requestSchema>;

export function metricDataV2Routes(state: EmulatorState): RouteSpec[] {
  return [
    {
      method: "POST",
      path: "/metrics/data",
      operation: "GetMetricDataV2",
      service: "connect",
      handler: ({ body }) => {
        const request = validate("connect", requestSchema, body);
        const runtime = state.runtime(request.ResourceArn);
        const now = state.clock.now();
        checkRange(request, now);
        for (const metric of request.Metrics) {
          if (!historicalMetricNames.includes(metric.Name)) {
            throw new ApiError("InvalidParameterException", `Unsupported metric ${metric.Name}`);
          }
        }
        const contacts = filterContacts([...runtime.instance.contacts.values()], request, runtime);
        const rows = intervalsOf(request).flatMap((interval) =>
          groupsOf(contacts, request.Groupings ?? []).map((group) => ({
            Dimensions: group.dimensions,
            MetricInterval: {
              Interval: request.Interval?.IntervalPeriod ?? "TOTAL",
              StartTime: interval.startMs / 1000,
              EndTime: interval.endMs / 1000,
            },
            Collections: request.Metrics.map((metric) => {
              const threshold = metric.Threshold?.[0]?.ThresholdValue;
              const spec = {
                name: metric.Name,
                ...(threshold !== undefined ? { thresholdSeconds: threshold } : {}),
              };
              const value = historicalMetricValue(spec, group.contacts, interval);
              return value === undefined ? { Metric: metric } : { Metric: metric, Value: value };
            }),
          })),
        );
        const page = pageOf(rows, {
          maxResults: request.MaxResults ?? 100,
          nextToken: request.NextToken,
          fingerprint: { ...request, NextToken: undefined },
          now,
        });
        return {
          json: {
            MetricResults: page.items,
            ...(page.nextToken ? { NextToken: page.nextToken } : {}),
          },
        };
      },
    },
  ];
}

// At most 35 days per request, and data is kept for 3 months (SDK doc text).
function checkRange(request: MetricRequest, now: number): void {
  const startMs = request.StartTime * 1000;
  const endMs = request.EndTime * 1000;
  if (endMs <= startMs)
    throw new ApiError("InvalidParameterException", "EndTime must be after StartTime");
  if (endMs - startMs > 35 * dayMs) {
    throw new ApiError("InvalidParameterException", "The time range can be at most 35 days");
  }
  if (startMs < now - 93 * dayMs) {
    throw new ApiError(
      "InvalidParameterException",
      "StartTime is older than the 3-month retention",
    );
  }
}

function filterContacts(
  contacts: Contact[],
  request: MetricRequest,
  runtime: ReturnType<EmulatorState["runtime"]>,
) {
  const queueIds = new Set<string>();
  let channels: Set<string> | undefined;
  let scoped = false;
  for (const filter of request.Filters) {
    if (filter.FilterKey === "QUEUE") {
      scoped = true;
      for (const ref of filter.FilterValues) {
        const queue = runtime.instance.findQueue(ref);
        if (queue) queueIds.add(queue.id);
      }
    } else if (filter.FilterKey === "CHANNEL") {
      channels = new Set(filter.FilterValues);
    } else {
      throw new ApiError(
        "InvalidParameterException",
        `Filter ${filter.FilterKey} is not supported here`,
      );
    }
  }
  if (!scoped)
    throw new ApiError("InvalidParameterException", "Filters must include a QUEUE filter");
  return contacts.filter(
    (c) =>
      c.queueId !== undefined && queueIds.has(c.queueId) && (!channels || channels.has(c.channel)),
  );
}

function groupsOf(contacts: Contact[], groupings: readonly string[]) {
  const groups = new Map<string, { dimensions: Record<string, string>; contacts: Contact[] }>();
  if (groupings.length === 0) return [{ dimensions: {}, contacts }];
  for (const contact of contacts) {
    const dimensions: Record<string, string> = {};
    if (groupings.includes("QUEUE")) dimensions.QUEUE = contact.queueId ?? "";
    if (groupings.includes("CHANNEL")) dimensions.CHANNEL = contact.channel;
    const key = JSON.stringify(dimensions);
    const group = groups.get(key) ?? { dimensions, contacts: [] };
    group.contacts.push(contact);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Interval buckets aligned to the request's time zone (the offset at StartTime). */
function intervalsOf(request: MetricRequest): { startMs: number; endMs: number }[] {
  const startMs = request.StartTime * 1000;
  const endMs = request.EndTime * 1000;
  const period = request.Interval?.IntervalPeriod ?? "TOTAL";
  if (period === "TOTAL") return [{ startMs, endMs }];
  const sizeMs = periodSeconds[period] * 1000;
  const offset = timeZoneOffsetMs(request.Interval?.TimeZone ?? "UTC", startMs);
  // Weeks start on Monday; the epoch fell on a Thursday.
  const shift = period === "WEEK" ? 4 * dayMs : 0;
  let bucket = Math.floor((startMs + offset - shift) / sizeMs) * sizeMs + shift - offset;
  const intervals: { startMs: number; endMs: number }[] = [];
  while (bucket < endMs) {
    intervals.push({ startMs: Math.max(bucket, startMs), endMs: Math.min(bucket + sizeMs, endMs) });
    bucket += sizeMs;
  }
  return intervals;
}
