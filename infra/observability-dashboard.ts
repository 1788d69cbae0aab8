import { Duration } from "aws-cdk-lib";
import {
  AlarmStatusWidget,
  type Dashboard,
  GraphWidget,
  type IAlarm,
  type IMetric,
  Metric,
  SearchExpression,
  SingleValueWidget,
  Stats,
} from "aws-cdk-lib/aws-cloudwatch";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import {
  FUNCTION_METRICS,
  FUNNEL_METRICS,
  FUNNEL_PATH,
  type FunctionMetricName,
  METRIC_DIMENSIONS,
  METRIC_NAMESPACE,
  type ServiceName,
} from "../config/metric-names.ts";

const FIVE_MINUTES = Duration.minutes(5);

/** A function's own count (HandledErrors, Retries, Undeliverable), as the code publishes it. */
export function functionMetric(service: ServiceName, name: FunctionMetricName): Metric {
  return new Metric({
    namespace: METRIC_NAMESPACE,
    metricName: name,
    dimensionsMap: { [METRIC_DIMENSIONS.service]: service },
    statistic: Stats.SUM,
    period: FIVE_MINUTES,
    label: `${service} ${name}`,
  });
}

/** A funnel stage over every queue and channel (the dimensionless set the code publishes). */
function funnelTotal(stage: (typeof FUNNEL_PATH)[number]): Metric {
  return new Metric({
    namespace: METRIC_NAMESPACE,
    metricName: FUNNEL_METRICS[stage],
    statistic: Stats.SUM,
    period: FIVE_MINUTES,
    label: stage,
  });
}

export interface DashboardSources {
  readonly functions: ReadonlyMap<ServiceName, IFunction>;
  readonly deflect: IFunction;
  readonly resume: IFunction;
  readonly failureQueues: ReadonlyMap<string, IQueue>;
  readonly deflectBudgetMs: number;
  readonly alarms: readonly IAlarm[];
}

/** The widgets, top to bottom: the funnel, then the health of each part, then the alarms. */
export function addDashboardWidgets(dashboard: Dashboard, sources: DashboardSources): void {
  const functions = [...sources.functions];
  const perFunction = (metric: (fn: IFunction, service: ServiceName) => IMetric) =>
    functions.map(([service, fn]) => metric(fn, service));
  dashboard.addWidgets(
    new GraphWidget({
      title: "Funnel",
      left: FUNNEL_PATH.map(funnelTotal),
      width: 12,
    }),
    new SingleValueWidget({
      title: "Funnel over the time range",
      metrics: FUNNEL_PATH.map(funnelTotal),
      setPeriodToTimeRange: true,
      width: 12,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: "Funnel by queue and channel",
      // One line per stage, queue and channel; the dimensionless totals are left out.
      left: FUNNEL_PATH.map(
        (stage) =>
          new SearchExpression({
            expression: `SEARCH('{${METRIC_NAMESPACE},${METRIC_DIMENSIONS.channel},${METRIC_DIMENSIONS.queue}} MetricName="${FUNNEL_METRICS[stage]}"', 'Sum', 3600)`,
            label: `${stage} \${PROP('Dim.${METRIC_DIMENSIONS.queue}')} \${PROP('Dim.${METRIC_DIMENSIONS.channel}')}`,
            period: Duration.hours(1),
          }),
      ),
      width: 24,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: "Deflect latency p99",
      left: [sources.deflect.metricDuration({ statistic: Stats.p(99), period: FIVE_MINUTES })],
      leftAnnotations: [{ value: sources.deflectBudgetMs, label: "budget (DEFLECT_BUDGET_MS)" }],
      width: 8,
    }),
    new GraphWidget({
      title: "Errors per function",
      left: perFunction((fn, service) =>
        fn.metricErrors({ period: FIVE_MINUTES, label: `${service} Lambda errors` }),
      ),
      right: perFunction((_, service) => functionMetric(service, FUNCTION_METRICS.handledErrors)),
      width: 8,
    }),
    new GraphWidget({
      title: "Throttles",
      left: perFunction((fn, service) =>
        fn.metricThrottles({ period: FIVE_MINUTES, label: service }),
      ),
      width: 8,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: "Failure queue depth",
      left: [...sources.failureQueues].map(([name, queue]) =>
        queue.metricApproximateNumberOfMessagesVisible({
          statistic: Stats.MAXIMUM,
          period: FIVE_MINUTES,
          label: name,
        }),
      ),
      width: 8,
    }),
    new GraphWidget({
      title: "Resume stream iterator age",
      left: [resumeIteratorAge(sources.resume).with({ label: "resume iterator age" })],
      width: 8,
    }),
    new GraphWidget({
      title: "Retries and undeliverable",
      left: [
        functionMetric("resume", FUNCTION_METRICS.retries),
        functionMetric("relay", FUNCTION_METRICS.retries),
        functionMetric("relay", FUNCTION_METRICS.undeliverable),
      ],
      width: 8,
    }),
  );
  dashboard.addWidgets(
    new AlarmStatusWidget({ title: "Alarms", alarms: [...sources.alarms], width: 24 }),
  );
}

/** How old the newest record was when resume got it: customers' replies waiting for a chat. */
export function resumeIteratorAge(resume: IFunction): Metric {
  return resume.metric("IteratorAge", { statistic: Stats.MAXIMUM, period: Duration.minutes(1) });
}
