import { App } from "aws-cdk-lib";
import type { CfnTable } from "aws-cdk-lib/aws-dynamodb";
import { describe, expect, it } from "vitest";
import { ENV } from "../config/environment-names.ts";
import { DeflectStack } from "./deflect-stack.ts";
import { parseDeploySettings } from "./deploy-settings.ts";
import { exampleDeployConfig, exampleDeploySettings } from "./example-deploy-settings.ts";
import { templateQueries } from "./template-queries.ts";

// An empty bundling-stacks list skips esbuild at synth: these tests read the template only.
function stackWith(id: string, deploy = exampleDeploySettings) {
  const app = new App({ context: { "aws:cdk:bundling-stacks": [] } });
  const stack = new DeflectStack(app, id, { deploy });
  return { stack, ...templateQueries(stack) };
}

// Every role writes its own logs, sends its traces and reads the channel secret.
const EVERY_ROLE = [
  "logs:CreateLogStream",
  "logs:PutLogEvents",
  "secretsmanager:GetSecretValue",
  "xray:PutTelemetryRecords",
  "xray:PutTraceSegments",
];

/** Each role's actions with the example installation (the worker transcribes). */
const ROLE_ACTIONS = {
  deflect: [
    "connect:GetContactMetrics",
    "connect:GetCurrentMetricData",
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
  ],
  webhooks: ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
  resume: [
    "connect:StartChatContact",
    "connect:StartContactStreaming",
    "dynamodb:BatchGetItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeStream",
    "dynamodb:GetItem",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
    "sqs:SendMessage",
  ],
  relay: [
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "sqs:SendMessage",
  ],
  transcribe: [
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "kinesisvideo:GetDataEndpoint",
    "kinesisvideo:GetMedia",
    "lambda:InvokeFunction",
    "sqs:SendMessage",
    "transcribe:StartStreamTranscription",
  ],
} as const;

describe("each function's role", () => {
  const q = stackWith("Roles");
  const functions = q.stack.functions;

  it.each(Object.entries(ROLE_ACTIONS))("%s may do exactly its own calls", (name, actions) => {
    const fn = functions[name as keyof typeof ROLE_ACTIONS];
    if (!fn) throw new Error(`no ${name} function`);
    expect([...new Set(q.actionsOf(fn))].sort()).toEqual([...actions, ...EVERY_ROLE].sort());
  });

  it("carries no AWS managed policy, only its own statements", () => {
    for (const role of Object.values(q.template.findResources("AWS::IAM::Role"))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
    }
  });

  it("names a wildcard resource only where AWS needs one, each acknowledged in infra/", () => {
    const wild = functions.all().flatMap((fn) =>
      q
        .statementsOf(fn)
        .filter((s) => JSON.stringify(s.Resource).includes("*"))
        .map((s) => `${fn.node.id}: ${[s.Action].flat().join(",")}`),
    );
    expect(wild.sort()).toEqual(
      [
        // Connect authorises these on the instance's queues, contacts and flows.
        "Deflect: connect:GetCurrentMetricData,connect:GetContactMetrics",
        "Resume: connect:StartChatContact,connect:StartContactStreaming",
        // No resource type: only "*" names them.
        ...functions
          .all()
          .map((fn) => `${fn.node.id}: xray:PutTraceSegments,xray:PutTelemetryRecords`),
        "Transcribe: transcribe:StartStreamTranscription",
        // Per-call streams after the instance's prefix; its own version or alias.
        "Transcribe: kinesisvideo:GetDataEndpoint,kinesisvideo:GetMedia",
        "Transcribe: lambda:InvokeFunction",
      ].sort(),
    );
  });

  it("reaches the table itself, never its index or another table", () => {
    const tableId = q.stack.getLogicalId(q.stack.storage.table.node.defaultChild as CfnTable);
    for (const fn of functions.all()) {
      for (const s of q.statementsOf(fn)) {
        if (![s.Action].flat().some((a) => a.startsWith("dynamodb:"))) continue;
        const attribute = [s.Action].flat().includes("dynamodb:GetRecords") ? "StreamArn" : "Arn";
        expect(s.Resource).toEqual({ "Fn::GetAtt": [tableId, attribute] });
      }
    }
  });

  it("lets resume read the inbox stream without listing every stream in the account", () => {
    const everything = JSON.stringify(q.template.toJSON());
    expect(everything).not.toContain("dynamodb:ListStreams");
    q.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: {
        "Fn::GetAtt": [
          q.stack.getLogicalId(q.stack.storage.table.node.defaultChild as CfnTable),
          "StreamArn",
        ],
      },
    });
  });
});

describe("with Contact Lens as the transcript source", () => {
  const example = exampleDeployConfig();
  const deploy = parseDeploySettings({
    ...example,
    settings: { ...example.settings, [ENV.transcriptSource]: "contact-lens" },
  });
  const q = stackWith("ContactLensRoles", deploy);

  it("resume lists the call's segments on the instance, and the worker is not deployed", () => {
    const actions = q.actionsOf(q.stack.functions.resume);
    expect(actions).toContain("connect:ListRealtimeContactAnalysisSegments");
    expect(q.stack.functions.transcribe).toBeUndefined();
  });
});
