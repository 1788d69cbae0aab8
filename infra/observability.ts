import { Duration, Stack } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  MathExpression,
  Stats,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { loadDeflectConfig } from "../config/deflect-config.ts";
import { ENV, type EnvName } from "../config/environment-names.ts";
import { FUNCTION_METRICS, type ServiceName } from "../config/metric-names.ts";
import type { DeflectFunctions } from "./deflect-functions.ts";
import {
  addDashboardWidgets,
  functionMetric,
  resumeIteratorAge,
} from "./observability-dashboard.ts";

export const ALARM_DEFAULTS = {
  /** Failures (Lambda's and those handled) per 100 invocations, in 2 of 3 five-minute periods. */
  errorRatePercent: 5,
  /** The oldest customer reply resume has not reached yet, for 3 minutes running. */
  iteratorAgeMs: 60_000,
} as const;

export interface ObservabilityProps {
  readonly functions: Pick<
    DeflectFunctions,
    | "deflect"
    | "webhooks"
    | "resume"
    | "relay"
    | "transcribe"
    | "resumeFailures"
    | "relayFailures"
    | "transcribeFailures"
  >;
  /** The functions' settings; DEFLECT_BUDGET_MS (default 3000) is deflect's p99 threshold. */
  readonly settings: Partial<Record<EnvName, string>>;
  /** An SNS topic told when an alarm fires and when it clears; without one they only show. */
  readonly alarmTopicArn?: string | undefined;
}

/**
 * The dashboard and alarms operations watch: the funnel from the functions' own metrics
 * (config/metric-names.ts), deflect's latency against its budget, errors, throttles, the
 * failure queues and resume's stream. Every alarm notifies the optional topic.
 */
export class Observability extends Construct {
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  readonly deflectBudgetMs: number;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { functions } = props;
    const stackName = Stack.of(this).stackName;
    // The deflect function's own reading of the setting, so the alarm and the code agree.
    this.deflectBudgetMs = loadDeflectConfig({ ...props.settings, [ENV.tableName]: "-" }).budgetMs;
    const services = new Map<ServiceName, IFunction>([
      ["deflect", functions.deflect],
      ["webhooks", functions.webhooks],
      ["resume", functions.resume],
      ["relay", functions.relay],
    ]);
    if (functions.transcribe) services.set("transcribe", functions.transcribe);
    const failureQueues = new Map<string, IQueue>([
      ["resume", functions.resumeFailures],
      ["relay", functions.relayFailures],
    ]);
    if (functions.transcribeFailures) failureQueues.set("transcribe", functions.transcribeFailures);
    const alarm = (
      name: string,
      options: Omit<ConstructorParameters<typeof Alarm>[2], "alarmName">,
    ) => this.alarms.push(new Alarm(this, name, { alarmName: `${stackName}-${name}`, ...options }));

    for (const [name, queue] of failureQueues) {
      alarm(`${name}-failures`, {
        alarmDescription: `Work the ${name} function gave up on is parked in its failure queue; look at it and redrive.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          statistic: Stats.MAXIMUM,
          period: Duration.minutes(5),
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    for (const [service, fn] of services) {
      alarm(`${service}-error-rate`, {
        alarmDescription: `More than ${ALARM_DEFAULTS.errorRatePercent}% of ${service}'s invocations failed: Lambda's errors plus those it answered itself (HandledErrors).`,
        metric: new MathExpression({
          expression: "100 * (FILL(handled, 0) + FILL(errors, 0)) / invocations",
          usingMetrics: {
            handled: functionMetric(service, FUNCTION_METRICS.handledErrors),
            errors: fn.metricErrors(),
            invocations: fn.metricInvocations(),
          },
          period: Duration.minutes(5),
          label: `${service} error rate (%)`,
        }),
        threshold: ALARM_DEFAULTS.errorRatePercent,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm(`${service}-throttles`, {
        alarmDescription: `Lambda throttled ${service}: its concurrency (reserved or the account's) ran out.`,
        metric: fn.metricThrottles({ period: Duration.minutes(5) }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    alarm("resume-iterator-age", {
      alarmDescription:
        "Customers' replies wait in the table's stream before resume opens their chats.",
      metric: resumeIteratorAge(functions.resume),
      threshold: ALARM_DEFAULTS.iteratorAgeMs,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm("deflect-latency-p99", {
      alarmDescription: `Deflect's p99 duration is over its ${this.deflectBudgetMs} ms budget: more than 1% of checks in live calls answer "no offer" for lack of time.`,
      metric: functions.deflect.metricDuration({
        statistic: Stats.p(99),
        period: Duration.minutes(5),
      }),
      threshold: this.deflectBudgetMs,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // The deploy settings checked the ARN (a standard topic).
    if (props.alarmTopicArn !== undefined) {
      const action = new SnsAction(Topic.fromTopicArn(this, "AlarmTopic", props.alarmTopicArn));
      for (const each of this.alarms) {
        each.addAlarmAction(action);
        each.addOkAction(action);
      }
    }

    this.dashboard = new Dashboard(this, "Dashboard", {
      dashboardName: `${stackName}-${Stack.of(this).region}`,
      defaultInterval: Duration.hours(24),
    });
    addDashboardWidgets(this.dashboard, {
      functions: services,
      deflect: functions.deflect,
      resume: functions.resume,
      failureQueues,
      deflectBudgetMs: this.deflectBudgetMs,
      alarms: this.alarms,
    });
  }
}
