import { startLocalDynamo } from "../dynamodb/local-dynamodb.ts";
import { startKinesisVideoEmulator } from "../kinesis-video/kinesis-video-emulator.ts";
import { startLineEmulator } from "../line/index.ts";
import { startMetaEmulator } from "../meta/index.ts";
import { startPollyEmulator } from "../polly/index.ts";
import { startSecretsManagerEmulator } from "../secrets-manager/secrets-manager-emulator.ts";
import { startTelegramEmulator } from "../telegram/index.ts";
import { startTranscribeEmulator } from "../transcribe/index.ts";
import { startTwilioEmulator } from "../twilio/index.ts";
import { startXEmulator } from "../x/index.ts";
import type { EmulatorName } from "./cli-options.ts";
import { startConnectForCli } from "./connect-starter.ts";
import type { RunningEmulator, WorldContext } from "./running-emulator.ts";

type Starter = (world: WorldContext) => Promise<RunningEmulator>;

/**
 * How the CLI starts each emulator and what it prints for it. AWS emulators print their
 * endpoint as a string (they accept any credentials); messenger emulators print an object with
 * the credentials they generated, since a client must present them.
 */
export const EMULATOR_STARTERS: Record<EmulatorName, Starter> = {
  connect: startConnectForCli,
  "kinesis-video": async (world) => {
    const kvs = await startKinesisVideoEmulator({ streams: world.streams });
    return { summary: { kinesisVideo: kvs.url }, close: () => kvs.close() };
  },
  polly: async (world) => {
    const polly = await startPollyEmulator({ speech: world.speech });
    return { summary: { polly: polly.url }, close: () => polly.close() };
  },
  transcribe: async (world) => {
    const transcribe = await startTranscribeEmulator({ speech: world.speech });
    return { summary: { transcribe: transcribe.url }, close: () => transcribe.close() };
  },
  twilio: async () => {
    const twilio = await startTwilioEmulator();
    const { url, accountSid, authToken } = twilio;
    return {
      summary: { twilio: { url, accountSid, authToken } },
      started: { twilio },
      close: () => twilio.close(),
    };
  },
  meta: async () => {
    const meta = await startMetaEmulator();
    const { url, pageId, pageAccessToken, appSecret, verifyToken } = meta;
    return {
      summary: { meta: { url, pageId, pageAccessToken, appSecret, verifyToken } },
      close: () => meta.close(),
    };
  },
  x: async () => {
    const x = await startXEmulator();
    // The origin is HTTPS with a self-signed certificate: a client must trust caCert.
    return {
      summary: { x: { url: x.url, ...x.credentials, caCert: x.caCert } },
      close: () => x.close(),
    };
  },
  telegram: async () => {
    const telegram = await startTelegramEmulator();
    const { url, botToken, botId } = telegram;
    return { summary: { telegram: { url, botToken, botId } }, close: () => telegram.close() };
  },
  line: async () => {
    const line = await startLineEmulator();
    const { url, channelAccessToken, channelSecret, botUserId } = line;
    return {
      summary: { line: { url, channelAccessToken, channelSecret, botUserId } },
      close: () => line.close(),
    };
  },
  // dynalite, in memory: a real DynamoDB API for the product's table (any credentials).
  dynamodb: async () => {
    const dynamo = await startLocalDynamo();
    return {
      summary: { dynamodb: dynamo.endpoint },
      started: { dynamodb: { endpoint: dynamo.endpoint } },
      close: () => dynamo.close(),
    };
  },
  "secrets-manager": async (world) => {
    const secretsManager = await startSecretsManagerEmulator();
    const secretArns = Object.fromEntries(
      world.options.secrets.map(([name, value]) => [name, secretsManager.putSecret(name, value)]),
    );
    return {
      summary: { secretsManager: secretsManager.url, secretArns },
      close: () => secretsManager.close(),
    };
  },
};
