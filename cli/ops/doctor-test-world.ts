import { randomUUID } from "node:crypto";
import {
  AssociateLambdaFunctionCommand,
  ConnectClient,
  CreateContactFlowCommand,
} from "@aws-sdk/client-connect";
import { CreateTableCommand, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { inject } from "vitest";
import { createDocumentClients } from "../../adapters/dynamodb/document-client.ts";
import { DynamoThresholdPolicyStore } from "../../adapters/dynamodb/dynamo-threshold-policy-store.ts";
import { createTableInput, TABLE } from "../../adapters/dynamodb/table-definition.ts";
import { ENV } from "../../config/environment-names.ts";
import { parseQueuePolicy } from "../../core/policy/queue-policy.ts";
import { startConnectEmulator } from "../../emulators/connect/connect-emulator.ts";
import { startSecretsManagerEmulator } from "../../emulators/secrets-manager/secrets-manager-emulator.ts";
import { startSnsEmulator } from "../../emulators/sns/index.ts";
import { allFlows } from "../../flows/all-flows.ts";
import type { SandboxInstallation } from "./doctor-sandbox.ts";
import { startPlatforms } from "./doctor-test-platforms.ts";

/** One thing a test breaks in an otherwise correct installation. */
export interface Breakage {
  readonly missingFlow?: string;
  readonly savedFlow?: string;
  readonly unassociated?: string;
  readonly streamOff?: boolean;
  readonly noPolicyFor?: "Support" | "Billing";
  readonly secretWithout?: string;
  readonly topicPolicy?: "default" | "other-instance";
  readonly wrongCredential?: string;
  readonly twilioSuspended?: boolean;
  /** Queues enable no channel, so the secret needs no platform's keys and none is called. */
  readonly noChannelsEnabled?: boolean;
}

const LAMBDA = "arn:aws:lambda:eu-west-2:111122223333:function";
const INSTANCE = {
  instanceId: "11111111-2222-3333-4444-555555555555",
  hoursOfOperation: [{ name: "Office", timeZone: "Europe/London", config: [] }],
  queues: [
    { name: "Support", hoursOfOperation: "Office" },
    { name: "Billing", hoursOfOperation: "Office" },
  ],
};
const LOCAL = { accessKeyId: "local", secretAccessKey: "local" };

/**
 * A deployed installation on the emulators, made the way the stack makes it (flows named
 * `deflect-<name>` created through CreateContactFlow in dependency order, functions added,
 * a table with stream and TTL, a secret, a topic whose policy lets Connect publish), with
 * every messenger platform in use, and at most one thing broken.
 */
export async function startDoctorWorld(broken: Breakage = {}): Promise<SandboxInstallation> {
  const closers: (() => Promise<void>)[] = [];
  const started = <T extends { close(): Promise<void> }>(emulator: T) => {
    closers.push(() => emulator.close());
    return emulator;
  };
  const connect = started(await startConnectEmulator({ instance: INSTANCE }));
  const { instance } = connect.instance;
  const queueId = (name: string) => instance.requireQueue(name).id;
  // Setting the instance up meets the same 2-a-second quota as the doctor.
  const client = new ConnectClient({
    endpoint: connect.url,
    region: "eu-west-2",
    credentials: LOCAL,
    retryMode: "adaptive",
    maxAttempts: 8,
  });
  const flowIds = new Map<string, string>();
  // Flows another flow names come first, as CloudFormation orders them (infra/contact-flows.ts).
  const order = ["queue-offer", "agent-context", "voice-deflection", "deflected-chat"];
  const flows = allFlows({ queue: "Support" }).sort(
    (a, b) => order.indexOf(a.name) - order.indexOf(b.name),
  );
  for (const flow of flows) {
    if (flow.name === broken.missingFlow) continue;
    const content = JSON.stringify(flow.content).replace(
      /\$\{([A-Z_]+):([^}]+)\}/g,
      (_, kind, ref) =>
        kind === "LAMBDA_ARN"
          ? `${LAMBDA}:${ref}`
          : kind === "QUEUE_ID"
            ? `${instance.arn}/queue/${queueId(ref)}`
            : kind === "FLOW_ID"
              ? (flowIds.get(ref) ?? "missing")
              : `arn:aws:connect:eu-west-2:aws:view/${ref}:1`,
    );
    const created = await client.send(
      new CreateContactFlowCommand({
        InstanceId: instance.id,
        Name: `deflect-${flow.name}`,
        Type: flow.type,
        Content: content,
        ...(flow.name === broken.savedFlow ? { Status: "SAVED" } : {}),
      }),
    );
    flowIds.set(flow.name, created.ContactFlowArn ?? "");
  }
  for (const name of ["deflect", "transcribe"].filter((n) => n !== broken.unassociated)) {
    await client.send(
      new AssociateLambdaFunctionCommand({
        InstanceId: instance.id,
        FunctionArn: `${LAMBDA}:${name}`,
      }),
    );
  }
  client.destroy();

  const dynamoEndpoint = inject("dynamoEndpoint");
  const tableName = `doctor-${randomUUID()}`;
  const { client: dynamo, documentClient } = createDocumentClients({
    region: "eu-west-2",
    endpoint: dynamoEndpoint,
    credentials: LOCAL,
  });
  await dynamo.send(
    new CreateTableCommand({
      ...createTableInput(tableName),
      ...(broken.streamOff ? { StreamSpecification: { StreamEnabled: false } } : {}),
    }),
  );
  await dynamo.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: TABLE.ttlAttribute },
    }),
  );
  const policies = new DynamoThresholdPolicyStore({ documentClient, tableName });
  const seeds = [
    { queue: "Support", mode: "live", kinds: ["whatsapp", "sms", "messenger", "x"] },
    { queue: "Billing", mode: "shadow", kinds: ["telegram", "line"] },
  ] as const;
  for (const { queue, mode, kinds } of seeds) {
    if (queue === broken.noPolicyFor) continue;
    const order = broken.noChannelsEnabled ? [] : kinds;
    await policies.putPolicy(
      parseQueuePolicy({
        queueId: queueId(queue),
        timeZone: "Europe/London",
        mode,
        channels: Object.fromEntries(order.map((kind) => [kind, { enabled: true }])),
        channelOrder: [...order],
      }),
    );
  }
  dynamo.destroy();

  const platforms = await startPlatforms({ twilioSuspended: broken.twilioSuspended === true });
  closers.push(() => platforms.close());
  const values = { ...platforms.secretValues };
  if (broken.noChannelsEnabled) {
    for (const key of Object.keys(values)) if (key !== ENV.resumeTokenKey) delete values[key];
  }
  if (broken.secretWithout) delete values[broken.secretWithout];
  if (broken.wrongCredential) values[broken.wrongCredential] = "wrong";
  const secrets = started(await startSecretsManagerEmulator());
  const secretArn = secrets.putSecret("deflect-channels", JSON.stringify(values));

  const sns = started(await startSnsEmulator({ region: "eu-west-2", accountId: "111122223333" }));
  const topicArn = "arn:aws:sns:eu-west-2:111122223333:deflect-chat-streaming";
  const sourceArn =
    broken.topicPolicy === "other-instance" ? instance.arn.replace(/.{4}$/, "9999") : instance.arn;
  const statement = {
    Effect: "Allow",
    Principal: { Service: "connect.amazonaws.com" },
    Action: "sns:Publish",
    Resource: topicArn,
    Condition: { ArnEquals: { "aws:SourceArn": sourceArn } },
  };
  sns.createTopic(
    "deflect-chat-streaming",
    broken.topicPolicy === "default"
      ? {}
      : { Policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) },
  );

  return {
    installation: {
      region: "eu-west-2",
      instanceArn: instance.arn,
      instanceId: instance.id,
      tableName,
      secretArn,
      topicArn,
      flowPrefix: "deflect-",
      queueIds: [],
      functionArns: [],
    },
    endpoints: {
      connect: connect.url,
      dynamodb: dynamoEndpoint,
      secretsManager: secrets.url,
      sns: sns.url,
    },
    access: platforms.access,
    close: async () => {
      for (const close of closers.reverse()) await close();
    },
  };
}
