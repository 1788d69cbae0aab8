import * as z from "zod";
import type { EmulatorState } from "../emulator-state.ts";
import { ApiError } from "../http/api-error.ts";
import type { RouteSpec } from "../http/router.ts";
import { validate } from "../http/validate.ts";
import { currentMetricNames, currentMetricValue } from "../model/current-metrics.ts";
import { checkCombinations, currentMetricRequestSchema } from "./current-metric-request.ts";
import { buildCells, dimensionsOf } from "./metric-cells.ts";
import { pageOf } from "./paging.ts";

const secondsMetrics = new Set(["OLDEST_CONTACT_AGE", "ESTIMATED_WAIT_TIME"]);

const contactMetricsSchema = z.object({
  InstanceId: z.string().min(1),
  ContactId: z.string().min(1),
  Metrics: z.array(z.object({ Name: z.enum(["ESTIMATED_WAIT_TIME", "POSITION_IN_QUEUE"]) })).min(1),
});

export function currentMetricsRoutes(state: EmulatorState): RouteSpec[] {
  return [
    {
      method: "POST",
      path: "/metrics/current/{InstanceId}",
      operation: "GetCurrentMetricData",
      service: "connect",
      handler: ({ params, body }) => {
        const request = validate("connect", currentMetricRequestSchema, body);
        checkCombinations(request);
        const runtime = state.runtime(params.InstanceId ?? "");
        const metrics = request.CurrentMetrics.map((metric) => {
          const name = metric.Name;
          if (!name || !currentMetricNames.includes(name)) {
            throw new ApiError(
              "InvalidParameterException",
              `Unsupported metric ${name ?? metric.MetricId}`,
            );
          }
          const unit = secondsMetrics.has(name) ? "SECONDS" : "COUNT";
          if (metric.Unit && metric.Unit !== unit) {
            throw new ApiError("InvalidParameterException", `Metric ${name} has unit ${unit}`);
          }
          return { Name: name, Unit: unit };
        });
        const now = state.clock.now();
        const ctx = { ...runtime, now, grouped: (request.Groupings ?? []).length > 0 };
        const rows = buildCells(runtime.instance, request).map((cell) => ({
          Dimensions: dimensionsOf(cell),
          Collections: metrics.map((Metric) => {
            const value = currentMetricValue(Metric.Name, cell, ctx);
            return value === undefined ? { Metric } : { Metric, Value: value };
          }),
        }));
        sortRows(rows, request.SortCriteria?.[0]);
        const page = pageOf(rows, {
          maxResults: request.MaxResults ?? 100,
          nextToken: request.NextToken,
          fingerprint: { ...request, NextToken: undefined },
          now,
        });
        return {
          json: {
            MetricResults: page.items,
            DataSnapshotTime: now / 1000,
            ApproximateTotalCount: rows.length,
            ...(page.nextToken ? { NextToken: page.nextToken } : {}),
          },
        };
      },
    },
    {
      method: "POST",
      path: "/metrics/contact",
      operation: "GetContactMetrics",
      service: "connect",
      handler: ({ body }) => {
        const request = validate("connect", contactMetricsSchema, body);
        const { runtime, contact } = state.contact(request.InstanceId, request.ContactId);
        // Values exist only while the contact is in queue (GetContactMetrics API reference).
        const results = request.Metrics.flatMap(({ Name }) => {
          const value =
            Name === "POSITION_IN_QUEUE"
              ? runtime.estimator.positionOf(contact)
              : runtime.estimator.forContact(contact);
          return value === undefined ? [] : [{ Name, Value: { Number: value } }];
        });
        return { json: { MetricResults: results, Id: contact.id, Arn: contact.arn } };
      },
    },
  ];
}

type Row = { Collections: { Metric: { Name: string }; Value?: number }[] };

function sortRows(
  rows: Row[],
  criteria: { SortByMetric?: string | undefined; SortOrder?: string | undefined } | undefined,
) {
  if (!criteria?.SortByMetric) return;
  const metricOf = (row: Row) =>
    row.Collections.find((c) => c.Metric.Name === criteria.SortByMetric)?.Value ?? 0;
  const sign = criteria.SortOrder === "ASCENDING" ? 1 : -1;
  rows.sort((a, b) => sign * (metricOf(a) - metricOf(b)));
}
