import { App } from "aws-cdk-lib";
import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { createTableInput, TABLE } from "../adapters/dynamodb/table-definition.ts";
import { ENV } from "../config/environment-names.ts";
import { DRAIN_WAITING_LINE_EVENT } from "../config/scheduled-events.ts";
import { DeflectStack } from "./deflect-stack.ts";
import { EXAMPLE_INSTANCE_ARN, exampleDeploySettings } from "./example-deploy-settings.ts";
import { templateQueries } from "./template-queries.ts";

// An empty bundling-stacks list skips esbuild at synth: these tests read the template only.
// infra/function-bundling.test.ts bundles for real.
const app = new App({ context: { "aws:cdk:bundling-stacks": [] } });
const stack = new DeflectStack(app, "Test", { deploy: exampleDeploySettings });
const { template, logicalId, environmentOf, statementsOf, actionsOf } = templateQueries(stack);
const { deflect, webhooks, resume, relay } = stack.functions;
// The example installation transcribes with the worker (the default source).
const all = stack.functions.all();

describe("the CDK stack", () => {
  it("builds the table with the adapter's keys, listing index, TTL attribute and a stream", () => {
    const local = createTableInput("x");
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: local.KeySchema,
      AttributeDefinitions: Match.arrayWith(local.AttributeDefinitions ?? []),
      BillingMode: "PAY_PER_REQUEST",
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: TABLE.listingIndex.name,
          KeySchema: local.GlobalSecondaryIndexes?.[0]?.KeySchema,
        }),
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: "NEW_IMAGE" },
    });
  });

  it("keeps the table when the stack is deleted", () => {
    const tables = template.findResources("AWS::DynamoDB::Table");
    expect(Object.values(tables).map((t) => t.DeletionPolicy)).toEqual(["Retain"]);
  });

  it("runs five functions on nodejs24.x, arm64, with the table name from the shared names", () => {
    const resources = template.findResources("AWS::Lambda::Function");
    expect(all.map((fn) => fn.node.id)).toEqual([
      "Deflect",
      "Webhooks",
      "Resume",
      "Relay",
      "Transcribe",
    ]);
    for (const fn of all) {
      expect(resources[logicalId(fn)]?.Properties).toMatchObject({
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
      });
      expect(Object.keys(environmentOf(fn))).toContain(ENV.tableName);
      expect(environmentOf(fn)[ENV.brandName]).toBe("Example Co");
    }
  });

  it("gives deflect an 8 s limit, above its 3 s budget and within Connect's", () => {
    const resource = template.findResources("AWS::Lambda::Function")[logicalId(deflect)];
    expect(resource?.Properties.Timeout).toBe(8);
  });

  it("tells the senders the webhook origin and resume its instance, flow and topic", () => {
    for (const fn of [deflect, webhooks, resume, relay]) {
      expect(environmentOf(fn)).toHaveProperty([ENV.webhookPublicBaseUrl]);
    }
    const resumeEnv = environmentOf(resume);
    expect(resumeEnv[ENV.resumeInstanceId]).toBe(EXAMPLE_INSTANCE_ARN.split("/")[1]);
    expect(JSON.stringify(resumeEnv[ENV.resumeContactFlowId])).toContain("deflectedchat");
    expect(JSON.stringify(resumeEnv[ENV.resumeRelayTopicArn])).toContain("ChatStreamingTopic");
  });

  it("lets only this Connect instance invoke deflect", () => {
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      Principal: "connect.amazonaws.com",
      SourceArn: EXAMPLE_INSTANCE_ARN,
      FunctionName: { "Fn::GetAtt": [logicalId(deflect), "Arn"] },
    });
  });

  it("grants each function only the Connect calls its path makes", () => {
    expect(actionsOf(deflect)).toEqual(
      expect.arrayContaining(["connect:GetCurrentMetricData", "connect:GetContactMetrics"]),
    );
    expect(actionsOf(resume)).toEqual(
      expect.arrayContaining(["connect:StartChatContact", "connect:StartContactStreaming"]),
    );
    for (const fn of [webhooks, relay]) {
      expect(actionsOf(fn).filter((a) => a.startsWith("connect:"))).toEqual([]);
    }
    const metrics = statementsOf(deflect).find((s) =>
      [s.Action].flat().includes("connect:GetCurrentMetricData"),
    );
    expect(metrics).toMatchObject({
      Resource: [EXAMPLE_INSTANCE_ARN, `${EXAMPLE_INSTANCE_ARN}/*`],
    });
  });

  it("lets the four message functions read and write the table and read the channel secret", () => {
    for (const fn of [deflect, webhooks, resume, relay]) {
      expect(actionsOf(fn)).toEqual(
        expect.arrayContaining(["dynamodb:PutItem", "secretsmanager:GetSecretValue"]),
      );
    }
  });

  it("tells every function the channel secret's ARN, the one it may read", () => {
    for (const fn of all) {
      expect(environmentOf(fn)[ENV.secretArn]).toBe(exampleDeploySettings.channelSecretArn);
    }
  });

  it("routes ANY /webhooks/{channel} to the webhook function and outputs the base URL", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Route", {
      RouteKey: "ANY /webhooks/{channel}",
    });
    template.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationUri: { "Fn::GetAtt": [logicalId(webhooks), "Arn"] },
    });
    const outputs = JSON.stringify(template.findOutputs("*"));
    expect(outputs).toContain("WebhookBaseUrl");
  });

  it("lets connect.amazonaws.com publish to the streaming topic, which feeds the relay", () => {
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Allow",
            Principal: { Service: "connect.amazonaws.com" },
            Action: "sns:Publish",
            Condition: Match.objectLike({ ArnEquals: { "aws:SourceArn": EXAMPLE_INSTANCE_ARN } }),
          }),
        ]),
      }),
    });
    template.hasResourceProperties("AWS::SNS::Topic", Match.not({ FifoTopic: true }));
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "lambda",
      Endpoint: { "Fn::GetAtt": [logicalId(relay), "Arn"] },
    });
  });

  it("feeds resume the table's new INBOX# items, ten batches a shard, reporting partial failures to a queue", () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: logicalId(resume) },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ParallelizationFactor: 10,
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ["INSERT"],
              dynamodb: { Keys: { [TABLE.partitionKey]: { S: [{ prefix: "INBOX#" }] } } },
            }),
          },
        ],
      },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it("has resume drain the waiting line every minute", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 minute)",
      Targets: [
        Match.objectLike({
          Arn: { "Fn::GetAtt": [logicalId(resume), "Arn"] },
          Input: JSON.stringify(DRAIN_WAITING_LINE_EVENT),
        }),
      ],
    });
  });

  it("parks relay notifications that still fail after Lambda's retries in a queue", () => {
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: logicalId(relay) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it("keeps each function's logs for a month", () => {
    const resources = template.findResources("AWS::Lambda::Function");
    for (const fn of all) {
      const logGroupId = resources[logicalId(fn)]?.Properties.LoggingConfig.LogGroup.Ref;
      expect(template.findResources("AWS::Logs::LogGroup")[logGroupId]?.Properties).toEqual({
        RetentionInDays: 30,
      });
    }
  });
});
