import { randomUUID } from "node:crypto";
import { createDocumentClients } from "../../adapters/dynamodb/document-client.ts";
import { DynamoSessionStore } from "../../adapters/dynamodb/dynamo-session-store.ts";
import { ensureTable } from "../../adapters/dynamodb/table-definition.ts";
import { ENV } from "../../config/environment-names.ts";
import { loadRelayConfig } from "../../config/relay-config.ts";
import { loadResumeConfig } from "../../config/resume-config.ts";
import { DRAIN_WAITING_LINE_EVENT } from "../../config/scheduled-events.ts";
import { loadWebhooksConfig } from "../../config/webhooks-config.ts";
import type { ChatNotices } from "../../core/ports/chat-notices.ts";
import { newSession, transition } from "../../core/session/deflection-session.ts";
import { startLambdaHttpBridge } from "../../emulators/api-gateway/lambda-http-bridge.ts";
import { startConnectEmulator } from "../../emulators/connect/connect-emulator.ts";
import { startTwilioEmulator } from "../../emulators/twilio/index.ts";
import { createResumeHandler } from "../../functions/resume/resume-handler.ts";
import { wireResume } from "../../functions/resume/wire.ts";
import { CHANNEL_RECEIVERS } from "../../functions/shared/channel-receivers.ts";
import { CHANNEL_SENDERS } from "../../functions/shared/channel-senders.ts";
import { channelsFrom } from "../../functions/shared/channels-from.ts";
import { createWebhookHandler } from "../../functions/webhooks/webhook-handler.ts";
import { wireWebhooks } from "../../functions/webhooks/wire.ts";
import { type LocalRelay, startLocalRelay } from "../../relay/local-relay.ts";
import { InboxRouter } from "../../sandbox/inbox-router.ts";
import { RAISED_CONNECT_QUOTAS } from "./raised-quotas.ts";

const INSTANCE_ID = "fa17fa17-0000-4000-8000-000000000001";
const CHAT_FLOW_ID = "fa17fa17-0000-4000-8000-00000000f10e";
const TOPIC_ARN = "arn:aws:sns:eu-west-2:111122223333:deflect-relay";
/** How often keepRouting drains the waiting line (in AWS, a schedule does every minute). */
const LINE_DRAIN_EVERY_MS = 500;

export const BUSINESS_NUMBER = "+15005550006";
export const CLOSING_TEXT = "This chat has ended. Reply here any time to start a new one.";
const AGENTS = 10;

/**
 * The customer ↔ agent path of the product on one machine: the webhook function behind the
 * API Gateway bridge, resume fed from the inbox by InboxRouter, the relay as an SNS
 * subscriber that can be restarted, the Connect and Twilio emulators, one fresh table on the
 * given DynamoDB. Deflections are seeded as "message delivered" (the offer itself is not under
 * test here). Connect's quotas are raised past any run's pace unless `quotas` is "default":
 * then the emulator enforces a new account's, and the functions pace to them.
 */
export async function startConversationWorld(options: {
  dynamoEndpoint: string;
  quotas?: "raised" | "default";
  agents?: number;
  /** Resume workers routing the inbox at once (1 by default). */
  resumeWorkers?: number;
}) {
  const tableName = `conversations-${randomUUID()}`;
  const table = {
    ...createDocumentClients({
      region: "us-east-1",
      endpoint: options.dynamoEndpoint,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
    tableName,
  };
  await ensureTable(table.client, tableName);
  const defaultQuotas = options.quotas === "default";
  const agents = options.agents ?? AGENTS;
  const clock = { now: () => new Date() };
  const connect = await startConnectEmulator({
    ...(defaultQuotas ? {} : { quotas: "off" as const }),
    instance: {
      instanceId: INSTANCE_ID,
      queues: [{ name: "Support" }],
      routingProfiles: [
        {
          name: "Support agents",
          queues: [{ queue: "Support", channel: "CHAT" }],
          concurrency: { CHAT: 10 },
        },
      ],
      agents: Array.from({ length: agents }, (_, n) => ({
        username: `agent-${n}`,
        routingProfile: "Support agents",
      })),
      flows: [{ id: CHAT_FLOW_ID, name: "Chat in", queue: "Support" }],
    },
  });
  // An HTTP/S subscription's own delivery policy: enough retries to outlast a relay restart.
  connect.state.streaming.setDeliveryPolicy({ numRetries: 30, retryDelayMs: 300 });
  const twilio = await startTwilioEmulator({ statusStepMs: 10_000_000 });
  const bridge = await startLambdaHttpBridge();
  const common = {
    [ENV.awsRegion]: "eu-west-2",
    [ENV.tableName]: table.tableName,
    [ENV.dynamoEndpoint]: options.dynamoEndpoint,
    [ENV.connectEndpoint]: connect.url,
    [ENV.resumeTokenKey]: Buffer.alloc(32, 7).toString("base64"),
    ...(defaultQuotas ? {} : { [ENV.connectQuotas]: RAISED_CONNECT_QUOTAS }),
  };
  const webhooksConfig = loadWebhooksConfig({
    ...common,
    [ENV.webhookPublicBaseUrl]: bridge.url,
    [ENV.twilioAccountSid]: twilio.accountSid,
    [ENV.twilioAuthToken]: twilio.authToken,
    [ENV.twilioSmsFrom]: BUSINESS_NUMBER,
    [ENV.twilioApiOrigin]: twilio.url,
  });
  const channels = channelsFrom(webhooksConfig, {
    clock,
    senders: CHANNEL_SENDERS,
    receivers: CHANNEL_RECEIVERS,
  });
  const problems: string[] = [];
  const outcomes = new Map<string, number>();
  const logger = {
    info: (_: string, ...extra: unknown[]) => {
      const outcome = (extra[0] as { outcome?: string } | undefined)?.outcome;
      if (outcome) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    },
    warn: (message: string, ...extra: unknown[]) => void problems.push(describe(message, extra)),
    error: (message: string, ...extra: unknown[]) => void problems.push(describe(message, extra)),
  };
  bridge.setHandler(createWebhookHandler(wireWebhooks(webhooksConfig, { clock, logger })));
  twilio.setWebhookUrl(`${bridge.url}/webhooks/sms`);

  // Several workers, each wired on its own (its own clients and pacer) as separate Lambda
  // instances are, each fed its own shards of the stream.
  const workers = options.resumeWorkers ?? 1;
  const handlers = Array.from({ length: workers }, () =>
    createResumeHandler({
      resume: wireResume({
        config: loadResumeConfig({
          ...common,
          [ENV.resumeInstanceId]: INSTANCE_ID,
          [ENV.resumeContactFlowId]: CHAT_FLOW_ID,
          [ENV.resumeRelayTopicArn]: TOPIC_ARN,
        }),
        clock,
      }),
      logger,
    }),
  );
  const routers = handlers.map((resume, index) => {
    const shard = { index, count: workers };
    return new InboxRouter({ client: table.client, tableName: table.tableName, resume, shard });
  });
  let lastLineDrain = 0;
  const inbox = {
    /** Routes every new inbox item through the workers at once; throws if any failed. */
    async drain(): Promise<number> {
      // Every worker's pass ends before the next begins: a stream never has two batches of
      // one shard in flight.
      const passes = await Promise.allSettled(routers.map((router) => router.drain()));
      const failed = passes.find((pass) => pass.status === "rejected");
      if (failed) throw failed.reason;
      return passes.reduce((sum, pass) => sum + (pass.status === "fulfilled" ? pass.value : 0), 0);
    },
    /**
     * Routes the inbox the way the table's stream feeds resume, until stopped: a failed
     * batch is retried on the next pass, and the passes that failed are counted.
     */
    keepRouting() {
      let running = true;
      let failedBatches = 0;
      const loop = (async () => {
        while (running) {
          await inbox.drain().catch(() => {
            failedBatches += 1;
          });
          // The schedule's drain of the waiting line, on one instance, twice a second.
          if (performance.now() - lastLineDrain > LINE_DRAIN_EVERY_MS) {
            lastLineDrain = performance.now();
            // A drain that fails is tried again by the next, as the schedule's is.
            await handlers[0]?.(DRAIN_WAITING_LINE_EVENT).catch(() => {
              failedBatches += 1;
            });
          }
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await inbox.drain();
        await handlers[0]?.(DRAIN_WAITING_LINE_EVENT);
      })();
      return {
        failedBatches: () => failedBatches,
        stop: async () => {
          running = false;
          await loop;
        },
      };
    },
  };

  const notices: string[] = [];
  const recordingNotices: ChatNotices = { tellAgent: async (n) => void notices.push(n.text) };
  const relayConfig = loadRelayConfig({
    ...common,
    [ENV.relayClosingText]: CLOSING_TEXT,
    [ENV.relayClaimLeaseSeconds]: "5",
    [ENV.relayConfirmSubscriptions]: "loopback",
  });
  const signingMaterialPem = await (
    await fetch(`${connect.url}/__emulator/sns/signing-key.pem`)
  ).text();
  const startRelay = (port = 0) =>
    startLocalRelay({
      config: { ...relayConfig, subscriberPort: port },
      channels,
      logger,
      notices: recordingNotices,
      signingMaterialPem,
    });
  let relay: LocalRelay = await startRelay();
  connect.control.subscribe(TOPIC_ARN, relay.subscriber.url);
  const sessions = new DynamoSessionStore({ ...table, clock });

  return {
    connect,
    twilio,
    inbox,
    sessions,
    notices,
    problems,
    /** How many inbox messages resume routed, by outcome. */
    outcomes,
    /** A caller deflected to SMS whose first message was delivered; answers the voice contact. */
    async deflectedCaller(number: string): Promise<string> {
      const call = connect.control.placeVoiceCall({ attributes: { reason: "billing" } });
      const at = new Date();
      let session = newSession({
        voiceContactId: call.id,
        instanceId: INSTANCE_ID,
        queueId: connect.instance.instance.requireQueue("Support").id,
        channel: "sms",
        address: { channel: "sms", handle: number },
        status: "accepted",
        at,
      });
      session = transition(session, { to: "message-sent", at });
      session = transition(session, { to: "delivered", at });
      await sessions.createSession(session);
      return call.id;
    },
    /**
     * Kills the relay's subscriber (requests in flight get no answer) and, after `downMs`,
     * starts a fresh one on the same port, table and topic: what SNS sees of a relay process
     * that crashed and came back. (The old process's work in flight still finishes here, as
     * it may in a real crash between the send and the answer.)
     */
    async restartRelay(downMs: number) {
      const port = Number(new URL(relay.subscriber.url).port);
      await relay.subscriber.close({ dropInFlight: true });
      await new Promise((resolve) => setTimeout(resolve, downMs));
      relay = await startRelay(port);
    },
    async close() {
      await connect.close();
      await relay.subscriber.close();
      await twilio.close();
      await bridge.close();
      table.documentClient.destroy();
    },
  };
}

function describe(message: string, extra: unknown[]): string {
  const details = extra.map((e) => {
    const error = (e as { error?: { code?: string; message?: string } }).error;
    return error ? `${error.code ?? ""} ${error.message ?? ""}` : "";
  });
  return [message, ...details].join(" ").trim();
}

export type ConversationWorld = Awaited<ReturnType<typeof startConversationWorld>>;
