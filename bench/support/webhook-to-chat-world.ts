import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createDocumentClients } from "../../adapters/dynamodb/document-client.ts";
import { DynamoSessionStore } from "../../adapters/dynamodb/dynamo-session-store.ts";
import { ensureTable } from "../../adapters/dynamodb/table-definition.ts";
import { ENV } from "../../config/environment-names.ts";
import { loadResumeConfig } from "../../config/resume-config.ts";
import { loadWebhooksConfig } from "../../config/webhooks-config.ts";
import type { ResumeResult } from "../../core/resume/resume-chat.ts";
import { newSession, transition } from "../../core/session/deflection-session.ts";
import { startLocalDynamo } from "../../emulators/dynamodb/local-dynamodb.ts";
import { signTwilioRequest } from "../../emulators/twilio/signature.ts";
import { createResumeHandler } from "../../functions/resume/resume-handler.ts";
import { wireResume } from "../../functions/resume/wire.ts";
import { createWebhookHandler } from "../../functions/webhooks/webhook-handler.ts";
import { wireWebhooks } from "../../functions/webhooks/wire.ts";
import { RAISED_CONNECT_QUOTAS } from "../../test/support/raised-quotas.ts";
import { DynamoTap } from "./webhook-to-chat-dynamo-tap.ts";
import { type BatchRouter, StreamLanes } from "./webhook-to-chat-stream.ts";

const BASE_URL = "https://hooks.example.com";
const TWILIO_TOKEN = "bench-twilio-token";
const SMS_PATH = "/webhooks/sms";
const ACCOUNT_SID = `AC${"0".repeat(32)}`;
const REGION = "eu-west-2";

interface ConnectChild {
  readonly url: string;
  readonly instanceId: string;
  readonly queueId: string;
  readonly chatFlowId: string;
}

/** A Twilio message id (SM and 32 hex digits) per run stage and index, never shared. */
export function messageSid(stage: number, index: number): string {
  return `SM${stage.toString(16).padStart(2, "0")}${index.toString(16).padStart(30, "0")}`;
}

/** A customer's SMS number; `customer` 0..99,999. */
export function customerNumber(customer: number): string {
  return `+4479110${String(customer).padStart(5, "0")}`;
}

/** A signed Twilio inbound SMS webhook, as API Gateway hands it to the webhook function. */
export function twilioInbound(options: { sid: string; from: string; body: string }) {
  const params = {
    MessageSid: options.sid,
    AccountSid: ACCOUNT_SID,
    From: options.from,
    To: "+447700900000",
    Body: options.body,
    NumMedia: "0",
    SmsStatus: "received",
  };
  return {
    rawPath: SMS_PATH,
    rawQueryString: "",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": signTwilioRequest(TWILIO_TOKEN, `${BASE_URL}${SMS_PATH}`, params),
    },
    requestContext: { http: { method: "POST" } },
    body: new URLSearchParams(params).toString(),
    isBase64Encoded: false,
  };
}

/**
 * The inbound half of the product on one process: the webhook function and the resume
 * function, each wired from its own configuration as in Lambda, joined by StreamLanes
 * (the table's stream). dynalite and the Connect emulator run in child processes, so this
 * process's event loop carries only the product. `routed` hears of every message resume
 * has put into a chat (from resume's own log line, written when SendMessage has answered).
 */
export async function startWebhookToChatWorld(options: {
  /** How often the stream's shard is polled (StreamLanes). */
  pollIntervalMs: number;
  onBatch: (records: Parameters<BatchRouter>[0]) => void;
  onRouted: (result: ResumeResult & { sk: string }) => void;
}) {
  const dynamo = await startLocalDynamo({ inChildProcess: true });
  const { child, info: connect } = await startConnectChild();
  const tap = new DynamoTap();
  tap.install();
  const tableName = `bench-${randomUUID()}`;
  const setup = createDocumentClients({
    region: REGION,
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
  await ensureTable(setup.client, tableName);
  const common = {
    [ENV.awsRegion]: REGION,
    [ENV.tableName]: tableName,
    [ENV.dynamoEndpoint]: dynamo.endpoint,
  };
  const problems: string[] = [];
  const logger = {
    info: (_: string, ...extra: Record<string, unknown>[]) => {
      for (const e of extra) options.onRouted(e as unknown as ResumeResult & { sk: string });
    },
    warn: (message: string) => void problems.push(message),
    error: (message: string) => void problems.push(message),
  };
  const webhookConfig = loadWebhooksConfig({
    ...common,
    [ENV.webhookPublicBaseUrl]: BASE_URL,
    [ENV.twilioAccountSid]: ACCOUNT_SID,
    [ENV.twilioAuthToken]: TWILIO_TOKEN,
  });
  const webhook = createWebhookHandler(wireWebhooks(webhookConfig, { logger }));
  const resumeConfig = loadResumeConfig({
    ...common,
    [ENV.connectEndpoint]: connect.url,
    [ENV.resumeContactFlowId]: connect.chatFlowId,
    [ENV.resumeRelayTopicArn]: "arn:aws:sns:eu-west-2:111122223333:deflect-relay",
    [ENV.resumeTokenKey]: Buffer.alloc(32, 5).toString("base64"),
    [ENV.connectQuotas]: RAISED_CONNECT_QUOTAS,
  });
  const resume = createResumeHandler({
    resume: wireResume({ config: resumeConfig }),
    logger,
  });
  const lanes = new StreamLanes({
    pollIntervalMs: options.pollIntervalMs,
    route: (records) => {
      options.onBatch(records);
      return resume({ Records: records }) as Promise<{
        batchItemFailures: { itemIdentifier: string }[];
      }>;
    },
  });
  tap.onInboxInsert = (image) => lanes.insert(image);
  const sessions = new DynamoSessionStore({
    documentClient: setup.documentClient,
    tableName,
    clock: { now: () => new Date() },
  });

  return {
    connect,
    tap,
    lanes,
    problems,
    /** Where another design under test finds the same table and webhook secret. */
    table: { region: REGION, endpoint: dynamo.endpoint, tableName },
    twilio: { authToken: TWILIO_TOKEN, publicUrl: `${BASE_URL}${SMS_PATH}` },
    /** The webhook function, as API Gateway invokes it. */
    receive: webhook,
    /** A call deflected to this customer's SMS, the first message sent (status message-sent). */
    async deflectedCustomer(handle: string): Promise<string> {
      const placed = await emulator<{ contactId: string }>(connect.url, "/voice-calls", {
        queue: "Support",
        customerNumber: handle,
      });
      const accepted = newSession({
        voiceContactId: placed.contactId,
        instanceId: connect.instanceId,
        queueId: connect.queueId,
        channel: "sms",
        address: { channel: "sms", handle },
        contextAttributes: { reason: "billing" },
        offeredWaitSeconds: 900,
        status: "accepted",
        at: new Date(),
      });
      await sessions.createSession(accepted);
      const sent = transition(accepted, {
        to: "message-sent",
        at: new Date(),
        outboundMessageId: `SM-first-${handle}`,
      });
      await sessions.saveTransition(accepted, sent);
      return placed.contactId;
    },
    /** The chat's items as the emulator holds them. */
    async transcript(chatContactId: string) {
      const answer = await fetch(
        `${connect.url}/__emulator/contacts/${chatContactId}/transcript`,
      ).then((r) => r.json() as Promise<{ transcript: TranscriptItem[] }>);
      return answer.transcript;
    },
    async close() {
      tap.uninstall();
      setup.client.destroy();
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.disconnect();
      });
      await dynamo.close();
    },
  };
}

export interface TranscriptItem {
  readonly Type: string;
  readonly ParticipantRole?: string;
  readonly ContentType: string;
  readonly Content?: string;
}

async function emulator<T>(base: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${base}/__emulator${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`emulator ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function startConnectChild() {
  const script = fileURLToPath(new URL("./webhook-to-chat-connect-child.ts", import.meta.url));
  const child = fork(script, [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const info = await new Promise<ConnectChild>((resolve, reject) => {
    child.once("message", (message) => resolve(message as ConnectChild));
    child.once("exit", (code) => reject(new Error(`Connect emulator exited early (code ${code})`)));
  });
  return { child, info };
}

export type WebhookToChatWorld = Awaited<ReturnType<typeof startWebhookToChatWorld>>;
