import { App } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { PLATFORM_WEBHOOKS } from "./deflect-api.ts";
import { DeflectStack } from "./deflect-stack.ts";
import { parseDeploySettings } from "./deploy-settings.ts";
import { exampleDeployConfig, exampleDeploySettings } from "./example-deploy-settings.ts";
import { templateQueries } from "./template-queries.ts";

// An empty bundling-stacks list skips esbuild at synth: these tests read the template only.
const NO_BUNDLING = { "aws:cdk:bundling-stacks": [] };
const app = new App({ context: NO_BUNDLING });
const stack = new DeflectStack(app, "Protected", { deploy: exampleDeploySettings });
const { template, logicalId, functionResource } = templateQueries(stack);
const { deflect } = stack.functions;

describe("protection of the live calls", () => {
  it("sets deflect's reserved concurrency from the settings, and no other function's", () => {
    expect(functionResource(deflect)?.Properties.ReservedConcurrentExecutions).toBe(
      exampleDeploySettings.deflectReservedConcurrency,
    );
    for (const fn of stack.functions.all().filter((f) => f !== deflect)) {
      expect(functionResource(fn)?.Properties).not.toHaveProperty("ReservedConcurrentExecutions");
    }
  });

  it("takes a different reservation and throttle when the settings say so", () => {
    const deploy = parseDeploySettings({
      ...exampleDeployConfig(),
      deflectReservedConcurrency: 7,
      webhookRateLimit: 3,
      webhookBurstLimit: 9,
    });
    const other = new DeflectStack(new App({ context: NO_BUNDLING }), "Own", { deploy });
    const q = templateQueries(other);
    expect(q.functionResource(other.functions.deflect)?.Properties).toMatchObject({
      ReservedConcurrentExecutions: 7,
    });
    q.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      DefaultRouteSettings: { ThrottlingRateLimit: 3, ThrottlingBurstLimit: 9 },
    });
  });

  it("throttles the webhook API's one stage and logs every request to a kept log group", () => {
    const stages = Object.values(template.findResources("AWS::ApiGatewayV2::Stage"));
    expect(stages).toHaveLength(1);
    const [stage] = stages;
    expect(stage?.Properties).toMatchObject({
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: exampleDeploySettings.webhookThrottle.rateLimit,
        ThrottlingBurstLimit: exampleDeploySettings.webhookThrottle.burstLimit,
      },
    });
    const logs = stage?.Properties.AccessLogSettings;
    expect(JSON.parse(logs.Format)).toMatchObject({
      requestId: "$context.requestId",
      status: "$context.status",
    });
    const [logGroupId] = logs.DestinationArn["Fn::GetAtt"];
    expect(template.findResources("AWS::Logs::LogGroup")[logGroupId]?.Properties).toEqual({
      RetentionInDays: 30,
    });
  });

  it("prints the webhook URL of every platform under a plain name", () => {
    const outputs = template.findOutputs("*");
    for (const [channel, where] of Object.entries(PLATFORM_WEBHOOKS)) {
      const name = `WebhookUrl${channel[0]?.toUpperCase()}${channel.slice(1)}`;
      expect(outputs[name]?.Description).toBe(where);
      expect(JSON.stringify(outputs[name]?.Value)).toContain(`/webhooks/${channel}`);
    }
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(["WebhookBaseUrl", "TableName"]));
  });
});

describe("the table", () => {
  it("has point-in-time recovery and deletion protection, and outlives the stack", () => {
    const tables = Object.values(template.findResources("AWS::DynamoDB::Table"));
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: {
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
    });
  });
});

describe("logs and traces", () => {
  it("gives every log group in the stack a retention", () => {
    const groups = Object.values(template.findResources("AWS::Logs::LogGroup"));
    expect(groups.length).toBeGreaterThan(stack.functions.all().length);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it("sends every function's logs to a log group of its own and traces it actively", () => {
    const functions = template.findResources("AWS::Lambda::Function");
    // Every function in the template, including any CDK adds for itself.
    expect(Object.keys(functions).sort()).toEqual(stack.functions.all().map(logicalId).sort());
    const groups = Object.values(functions).map((f) => f.Properties.LoggingConfig.LogGroup.Ref);
    expect(new Set(groups).size).toBe(groups.length);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: "Active" });
      expect(template.findResources("AWS::Logs::LogGroup")).toHaveProperty(
        fn.Properties.LoggingConfig.LogGroup.Ref,
      );
    }
  });
});
