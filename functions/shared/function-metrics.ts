import type { FunctionMetricName } from "../../config/metric-names.ts";

/**
 * The part of Powertools' Metrics a handler counts its outcomes with (FUNCTION_METRICS); the
 * Lambda entry writes them once as the invocation ends.
 */
export interface FunctionMetrics {
  addMetric(name: FunctionMetricName, unit: "Count", value: number): unknown;
}
