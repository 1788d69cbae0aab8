import { resolve } from "node:path";
import { AssociateLambdaFunctionCommand, ConnectClient } from "@aws-sdk/client-connect";
import { ENV } from "../../config/environment-names.ts";
import { startConnectEmulator } from "../../emulators/connect/connect-emulator.ts";
import { addFlowFiles } from "../../emulators/connect/flow-files.ts";
import { startSecretsManagerEmulator } from "../../emulators/secrets-manager/secrets-manager-emulator.ts";
import { startSnsEmulator } from "../../emulators/sns/index.ts";
import { startTwilioEmulator } from "../../emulators/twilio/index.ts";
import { allFlows } from "../../flows/all-flows.ts";
import { DEMO } from "../../sandbox/demo-instance.ts";
import type { PlatformAccess } from "./check-platforms.ts";
import type { Endpoints, Installation } from "./doctor-target.ts";
import { startSandboxDynamo } from "./local-table.ts";

// The functions `npm start` registers behind the flows (sandbox/local-world.ts).
const SANDBOX_FUNCTIONS = ["deflect", "transcribe"];

export interface SandboxInstallation {
  readonly installation: Installation;
  readonly endpoints: Endpoints;
  readonly access: PlatformAccess;
  close(): Promise<void>;
}

/**
 * The sandbox as `npm start` sets it up, for `doctor --local`: the demo instance with the
 * product's flows and functions, the table on the sandbox's data folder (its policies as
 * `npm start` and `ops thresholds --local` left them), and what a deployment adds that the
 * sandbox passes as plain settings: the secret holding its credentials, and the streaming
 * topic with the policy the stack gives it. Close it when done.
 */
export async function startSandboxInstallation(dataDir: string): Promise<SandboxInstallation> {
  const dynamo = await startSandboxDynamo(resolve(dataDir));
  const closers: (() => Promise<void>)[] = [() => dynamo.close()];
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne();
  };
  try {
    const connect = await startConnectEmulator({ instance: DEMO.instance });
    closers.push(() => connect.close());
    const { instance } = connect.instance;
    addFlowFiles(
      connect.instance,
      allFlows({ queue: "Support", recheckSeconds: 60, maxOffers: 2 }).map(({ name, content }) => ({
        name,
        content,
      })),
    );
    await associate(
      connect.url,
      instance.id,
      (name) => `arn:aws:lambda:${instance.region}:${instance.accountId}:function:${name}`,
    );
    const twilio = await startTwilioEmulator();
    closers.push(() => twilio.close());
    const secrets = await startSecretsManagerEmulator();
    closers.push(() => secrets.close());
    const secretArn = secrets.putSecret(
      DEMO.tableName,
      JSON.stringify({
        [ENV.twilioAccountSid]: twilio.accountSid,
        [ENV.twilioAuthToken]: twilio.authToken,
        [ENV.resumeTokenKey]: DEMO.tokenKey,
      }),
    );
    const sns = await startSnsEmulator({ region: instance.region, accountId: instance.accountId });
    closers.push(() => sns.close());
    const topicName = DEMO.relayTopicArn.split(":").at(-1) ?? "";
    const topicArn = sns.createTopic(topicName, {
      Policy: JSON.stringify(streamingPolicy(DEMO.relayTopicArn, instance.arn, instance.accountId)),
    });
    return {
      installation: {
        region: instance.region,
        instanceArn: instance.arn,
        instanceId: instance.id,
        tableName: DEMO.tableName,
        secretArn,
        topicArn,
        flowPrefix: "",
        queueIds: [],
        functionArns: [],
      },
      endpoints: {
        connect: connect.url,
        dynamodb: dynamo.endpoint,
        secretsManager: secrets.url,
        sns: sns.url,
      },
      access: { origins: { twilio: twilio.url } },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function associate(endpoint: string, instanceId: string, arnOf: (name: string) => string) {
  const client = new ConnectClient({
    endpoint,
    region: DEMO.region,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    for (const name of SANDBOX_FUNCTIONS) {
      const FunctionArn = arnOf(name);
      await client.send(
        new AssociateLambdaFunctionCommand({ InstanceId: instanceId, FunctionArn }),
      );
    }
  } finally {
    client.destroy();
  }
}

/** The statement infra/chat-streaming.ts adds to the deployed topic. */
function streamingPolicy(topicArn: string, instanceArn: string, accountId: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ConnectChatStreaming",
        Effect: "Allow",
        Principal: { Service: "connect.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnEquals: { "aws:SourceArn": instanceArn },
        },
      },
    ],
  };
}
