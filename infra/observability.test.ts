import { App, type Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { CfnQueue } from "aws-cdk-lib/aws-sqs";
import { describe, expect, it } from "vitest";
import { ENV } from "../config/environment-names.ts";
import { FUNNEL_METRICS, FUNNEL_PATH, METRIC_NAMESPACE } from "../config/metric-names.ts";
import { DeflectStack } from "./deflect-stack.ts";
import type { DeploySettings } from "./deploy-settings.ts";
import { parseDeploySettings } from "./deploy-settings.ts";
import { exampleDeployConfig, exampleDeploySettings } from "./example-deploy-settings.ts";
import { templateQueries } from "./template-queries.ts";

const TOPIC_ARN = "arn:aws:sns:eu-west-2:111122223333:deflect-alarms";

// An empty bundling-stacks list skips esbuild at synth: these tests read the template only.
function synth(options: { deploy?: Partial<DeploySettings>; context?: Record<string, string> }) {
  const app = new App({ context: { "aws:cdk:bundling-stacks": [], ...options.context } });
  const deploy = { ...exampleDeploySettings, ...options.deploy };
  return new DeflectStack(app, "Test", { deploy });
}

const stack = synth({});
const { template, logicalId } = templateQueries(stack);
const alarms = alarmsByName(template);

function alarmsByName(of: Template): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.values(of.findResources("AWS::CloudWatch::Alarm")).map((a) => [
      String(a.Properties.AlarmName).replace(/^Test-/, ""),
      a.Properties,
    ]),
  );
}

/** The dashboard's JSON with each CloudFormation reference in it replaced by its logical id. */
function dashboardBody(of: Template): { widgets: { properties: Record<string, unknown> }[] } {
  const [dashboard] = Object.values(of.findResources("AWS::CloudWatch::Dashboard"));
  const parts: unknown[] = dashboard?.Properties.DashboardBody["Fn::Join"][1];
  const text = parts
    .map((part) => (typeof part === "string" ? part : JSON.stringify(part).replace(/"/g, "'")))
    .join("");
  return JSON.parse(text);
}

const queueId = (s: Stack, queue: CfnQueue) => s.getLogicalId(queue);

describe("the observability construct", () => {
  it("draws the dashboard: the funnel, latency, errors, throttles, queues, stream age, alarms", () => {
    const widgets = dashboardBody(template).widgets;
    expect(widgets.map((w) => w.properties.title)).toEqual([
      "Funnel",
      "Funnel over the time range",
      "Funnel by queue and channel",
      "Deflect latency p99",
      "Errors per function",
      "Throttles",
      "Failure queue depth",
      "Resume stream iterator age",
      "Retries and undeliverable",
      "Alarms",
    ]);
    // The funnel reads the names the code publishes, in the funnel's order.
    expect(widgets[0]?.properties.metrics).toEqual(
      FUNNEL_PATH.map((stage) => [
        METRIC_NAMESPACE,
        FUNNEL_METRICS[stage],
        expect.objectContaining({ label: stage, stat: "Sum" }),
      ]),
    );
    const byQueue = JSON.stringify(widgets[2]?.properties.metrics);
    expect(byQueue).toContain("SEARCH('{ConnectDeflect,Channel,Queue} MetricName=\\\"Offered\\\"'");
    expect(widgets[3]?.properties).toMatchObject({
      annotations: { horizontal: [{ value: 3000, label: "budget (DEFLECT_BUDGET_MS)" }] },
    });
    const queues = JSON.stringify(widgets[6]?.properties.metrics);
    const { resumeFailures, relayFailures, transcribeFailures } = stack.functions;
    for (const queue of [resumeFailures, relayFailures, transcribeFailures]) {
      expect(queues).toContain(queueId(stack, queue?.node.defaultChild as CfnQueue));
    }
    expect(JSON.stringify(widgets[7]?.properties.metrics)).toContain("IteratorAge");
  });

  it("alarms when a failure queue holds anything", () => {
    for (const name of ["resume", "relay", "transcribe"]) {
      expect(alarms[`${name}-failures`]).toMatchObject({
        MetricName: "ApproximateNumberOfMessagesVisible",
        Statistic: "Maximum",
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
        TreatMissingData: "notBreaching",
      });
    }
  });

  it("alarms on each function's error rate, its own handled errors included, and its throttles", () => {
    for (const fn of stack.functions.all()) {
      const service = fn.node.id.toLowerCase();
      const rate = alarms[`${service}-error-rate`];
      expect(rate).toMatchObject({ Threshold: 5, ComparisonOperator: "GreaterThanThreshold" });
      const metrics = JSON.stringify(rate?.Metrics);
      expect(metrics).toContain("100 * (FILL(handled, 0) + FILL(errors, 0)) / invocations");
      expect(metrics).toContain(`"Namespace":"${METRIC_NAMESPACE}"`);
      expect(metrics).toContain(`{"Name":"service","Value":"${service}"}`);
      expect(metrics).toContain(logicalId(fn));
      expect(alarms[`${service}-throttles`]).toMatchObject({
        MetricName: "Throttles",
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        Dimensions: [{ Name: "FunctionName", Value: { Ref: logicalId(fn) } }],
      });
    }
  });

  it("alarms on resume's iterator age and on deflect's p99 over its budget", () => {
    expect(alarms["resume-iterator-age"]).toMatchObject({
      MetricName: "IteratorAge",
      Threshold: 60_000,
      Dimensions: [{ Name: "FunctionName", Value: { Ref: logicalId(stack.functions.resume) } }],
    });
    expect(alarms["deflect-latency-p99"]).toMatchObject({
      MetricName: "Duration",
      ExtendedStatistic: "p99",
      Threshold: 3000,
      Dimensions: [{ Name: "FunctionName", Value: { Ref: logicalId(stack.functions.deflect) } }],
    });
    expect(Object.keys(alarms)).toHaveLength(3 + 5 * 2 + 2);
  });

  it("takes the budget from DEFLECT_BUDGET_MS, as the deflect function reads it", () => {
    const settings = { ...exampleDeploySettings.settings, [ENV.deflectBudgetMs]: "2500" };
    const other = Template.fromStack(synth({ deploy: { settings } }));
    expect(alarmsByName(other)["deflect-latency-p99"]).toMatchObject({ Threshold: 2500 });
    expect(() => synth({ deploy: { settings: { [ENV.deflectBudgetMs]: "50" } } })).toThrow(
      /DEFLECT_BUDGET_MS/,
    );
  });

  it("notifies nobody by default", () => {
    for (const alarm of Object.values(alarms)) {
      expect(alarm).not.toHaveProperty("AlarmActions");
      expect(alarm).not.toHaveProperty("OKActions");
    }
  });

  it("sends every alarm and its recovery to the alarm topic when one is set", () => {
    const withTopic = alarmsByName(
      Template.fromStack(synth({ deploy: { alarmTopicArn: TOPIC_ARN } })),
    );
    expect(Object.keys(withTopic)).toHaveLength(Object.keys(alarms).length);
    for (const alarm of Object.values(withTopic)) {
      expect(alarm).toMatchObject({ AlarmActions: [TOPIC_ARN], OKActions: [TOPIC_ARN] });
    }
    const fifo = { ...exampleDeployConfig(), alarmTopicArn: `${TOPIC_ARN}.fifo` };
    expect(() => parseDeploySettings(fifo)).toThrow(
      /alarmTopicArn: expected a standard SNS topic ARN/,
    );
  });

  it("leaves out the worker's alarms and queue when the call's words come from elsewhere", () => {
    const settings = { ...exampleDeploySettings.settings, [ENV.transcriptSource]: "none" };
    const other = alarmsByName(
      Template.fromStack(synth({ deploy: { settings, transcription: { source: "none" } } })),
    );
    expect(Object.keys(other).filter((name) => name.startsWith("transcribe"))).toEqual([]);
    expect(Object.keys(other)).toHaveLength(2 + 4 * 2 + 2);
  });
});
