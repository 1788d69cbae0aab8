import { App } from "aws-cdk-lib";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { describe, expect, it } from "vitest";
import { ENV } from "../config/environment-names.ts";
import { DeflectStack } from "./deflect-stack.ts";
import { parseDeploySettings } from "./deploy-settings.ts";
import {
  EXAMPLE_INSTANCE_ARN,
  EXAMPLE_MEDIA_STREAM_PREFIX,
  EXAMPLE_QUEUE_ID,
} from "./example-deploy-settings.ts";
import { templateQueries } from "./template-queries.ts";

// One stack per transcript source. An empty bundling-stacks list skips esbuild at synth; the
// worker's bundle is built and loaded in infra/function-bundling.test.ts.
function stackWith(id: string, settings: Record<string, string>) {
  const app = new App({ context: { "aws:cdk:bundling-stacks": [] } });
  const deploy = parseDeploySettings({
    connectInstanceArn: EXAMPLE_INSTANCE_ARN,
    queues: { Support: EXAMPLE_QUEUE_ID },
    workingQueue: "Support",
    channelSecretArn: "arn:aws:secretsmanager:eu-west-2:111122223333:secret:deflect-AbCdEf",
    mediaStreamPrefix: EXAMPLE_MEDIA_STREAM_PREFIX,
    settings,
  });
  const stack = new DeflectStack(app, id, { deploy });
  return { stack, ...templateQueries(stack) };
}

const STREAMS = `arn:aws:kinesisvideo:eu-west-2:111122223333:stream/${EXAMPLE_MEDIA_STREAM_PREFIX}-contact-*/*`;
// Logs, tracing, the table, the secret and the failure queue are every function's; the rest is
// the worker's own.
const serviceActions = (actions: string[]) =>
  actions.filter((a) => !/^(logs|xray|dynamodb|secretsmanager|sqs):/.test(a)).sort();

describe("the transcript worker (DEFLECT_TRANSCRIPT_SOURCE=transcribe)", () => {
  const q = stackWith("Transcribe", { [ENV.transcriptCapSeconds]: "120" });
  const { deflect, webhooks, resume, relay, transcribe } = q.stack.functions;
  const worker = transcribe as IFunction;

  it("is a fifth function on nodejs24.x whose timeout is the cap plus 30 s, nothing reserved", () => {
    expect(transcribe).toBeDefined();
    expect(q.functionResource(worker)?.Properties).toMatchObject({
      Runtime: "nodejs24.x",
      Timeout: 150,
      MemorySize: 512,
    });
    expect(q.functionResource(worker)?.Properties).not.toHaveProperty(
      "ReservedConcurrentExecutions",
    );
    expect(q.environmentOf(worker)).toMatchObject({
      [ENV.tableName]: { Ref: expect.stringMatching(/^StorageTable/) },
      [ENV.transcriptCapSeconds]: "120",
    });
  });

  it("retries a failed start once, drops starts older than 5 minutes, and queues failures", () => {
    const queues = q.template.findResources("AWS::SQS::Queue");
    const config = q.template.findResources("AWS::Lambda::EventInvokeConfig", {
      Properties: { FunctionName: { Ref: q.logicalId(worker) } },
    });
    const [properties] = Object.values(config).map((c) => c.Properties);
    expect(properties).toMatchObject({ MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 300 });
    const [queueId] = properties.DestinationConfig.OnFailure.Destination["Fn::GetAtt"];
    expect(queueId).toMatch(/^FunctionsTranscribeFailures/);
    expect(queues[queueId]?.Properties).toMatchObject({ MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it("may read only the instance's media streams, start Transcribe streaming and itself, nothing else", () => {
    expect(serviceActions(q.actionsOf(worker))).toEqual([
      "kinesisvideo:GetDataEndpoint",
      "kinesisvideo:GetMedia",
      "lambda:InvokeFunction",
      "transcribe:StartStreamTranscription",
    ]);
    const statement = (action: string) =>
      q.statementsOf(worker).find((s) => [s.Action].flat().includes(action));
    expect(statement("kinesisvideo:GetMedia")?.Resource).toBe(STREAMS);
    expect(statement("kinesisvideo:GetDataEndpoint")?.Resource).toBe(STREAMS);
    expect(statement("transcribe:StartStreamTranscription")?.Resource).toBe("*");
  });

  it("writes segments and claims a call's start on the table, and may not scan or query it", () => {
    const table = q.actionsOf(worker).filter((a) => a.startsWith("dynamodb:"));
    expect(table.sort()).toEqual([
      "dynamodb:BatchWriteItem",
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ]);
  });

  it("lets the worker, and only the worker, invoke itself, by its name", () => {
    const invokes = q
      .statementsOf(worker)
      .filter((s) => [s.Action].flat().includes("lambda:InvokeFunction"));
    expect(invokes).toHaveLength(1);
    expect(JSON.stringify(invokes[0]?.Resource)).toContain(":function:Transcribe-transcribe");
    for (const fn of [deflect, webhooks, resume, relay]) {
      expect(q.actionsOf(fn)).not.toContain("lambda:InvokeFunction");
    }
  });

  it("lets the Connect instance invoke the worker, as the voice flow's step does", () => {
    const permissions = q.template.findResources("AWS::Lambda::Permission", {
      Properties: {
        FunctionName: { "Fn::GetAtt": [q.logicalId(worker), "Arn"] },
        Principal: "connect.amazonaws.com",
      },
    });
    expect(Object.keys(permissions)).toHaveLength(1);
  });

  it("gives resume no Contact Lens access it would not use", () => {
    expect(q.actionsOf(resume)).not.toContain("connect:ListRealtimeContactAnalysisSegments");
  });
});

describe("Contact Lens instead of the worker (DEFLECT_TRANSCRIPT_SOURCE=contact-lens)", () => {
  const q = stackWith("ContactLens", { [ENV.transcriptSource]: "contact-lens" });
  const { deflect, resume, webhooks, relay } = q.stack.functions;

  it("deploys no worker, so nothing can invoke one", () => {
    expect(q.stack.functions.transcribe).toBeUndefined();
    expect(q.stack.functions.all()).toHaveLength(4);
    expect(Object.keys(q.template.findResources("AWS::Lambda::Function"))).toHaveLength(4);
    expect(q.actionsOf(deflect)).not.toContain("lambda:InvokeFunction");
    const everything = JSON.stringify(q.template.toJSON());
    expect(everything).not.toMatch(/kinesisvideo:|transcribe:/);
  });

  it("lets resume, and only resume, list the call's real-time segments on the instance", () => {
    const statement = q
      .statementsOf(resume)
      .find((s) => [s.Action].flat().includes("connect:ListRealtimeContactAnalysisSegments"));
    expect(statement).toMatchObject({
      Effect: "Allow",
      Resource: [EXAMPLE_INSTANCE_ARN, `${EXAMPLE_INSTANCE_ARN}/*`],
    });
    for (const fn of [deflect, webhooks, relay]) {
      expect(q.actionsOf(fn)).not.toContain("connect:ListRealtimeContactAnalysisSegments");
    }
  });
});

describe("no transcript (DEFLECT_TRANSCRIPT_SOURCE=none)", () => {
  const q = stackWith("NoTranscript", { [ENV.transcriptSource]: "none" });

  it("deploys no worker and grants no transcript access to anyone", () => {
    expect(q.stack.functions.transcribe).toBeUndefined();
    const everything = JSON.stringify(q.template.toJSON());
    expect(everything).not.toMatch(/kinesisvideo:|transcribe:|ListRealtimeContactAnalysis/);
    for (const fn of q.stack.functions.all()) {
      expect(q.actionsOf(fn)).not.toContain("lambda:InvokeFunction");
    }
  });
});
