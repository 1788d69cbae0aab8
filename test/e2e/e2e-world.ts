import { inject } from "vitest";
import { DynamoCustomerDirectory } from "../../adapters/dynamodb/dynamo-customer-directory.ts";
import { DynamoSessionStore } from "../../adapters/dynamodb/dynamo-session-store.ts";
import { DynamoThresholdPolicyStore } from "../../adapters/dynamodb/dynamo-threshold-policy-store.ts";
import { DynamoTranscriptSource } from "../../adapters/dynamodb/dynamo-transcript-source.ts";
import { loadDeflectConfig } from "../../config/deflect-config.ts";
import { ENV } from "../../config/environment-names.ts";
import { loadRelayConfig } from "../../config/relay-config.ts";
import { loadResumeConfig } from "../../config/resume-config.ts";
import { loadWebhooksConfig } from "../../config/webhooks-config.ts";
import { parseQueuePolicy } from "../../core/policy/queue-policy.ts";
import type { ChatNotices } from "../../core/ports/chat-notices.ts";
import { startLambdaHttpBridge } from "../../emulators/api-gateway/lambda-http-bridge.ts";
import { startConnectEmulator } from "../../emulators/connect/connect-emulator.ts";
import { addFlowFiles } from "../../emulators/connect/flow-files.ts";
import { sdkClients } from "../../emulators/connect/test-support/clients.ts";
import { ManualClock, OffsetClock } from "../../emulators/shared-http/clock.ts";
import { allFlows } from "../../flows/all-flows.ts";
import { createDeflectHandler } from "../../functions/deflect/deflect-handler.ts";
import { wireDeflection } from "../../functions/deflect/wire.ts";
import { createResumeHandler } from "../../functions/resume/resume-handler.ts";
import { wireResume } from "../../functions/resume/wire.ts";
import { CHANNEL_RECEIVERS } from "../../functions/shared/channel-receivers.ts";
import { CHANNEL_SENDERS } from "../../functions/shared/channel-senders.ts";
import { channelsFrom } from "../../functions/shared/channels-from.ts";
import { createWebhookHandler } from "../../functions/webhooks/webhook-handler.ts";
import { wireWebhooks } from "../../functions/webhooks/wire.ts";
import { startLocalRelay } from "../../relay/local-relay.ts";
import { startCallAudioWorld, TRANSCRIBER_FUNCTION } from "../../sandbox/call-audio-world.ts";
import { InboxRouter } from "../../sandbox/inbox-router.ts";
import { freshTable } from "../support/dynamo-table.ts";
import type { JourneyChannel } from "./customer-apps.ts";
import { REPLY_TEMPLATE, startCustomerApps, WHATSAPP_TEMPLATE } from "./customer-apps.ts";
import { e2eDriver } from "./e2e-driver.ts";

export { WHATSAPP_TEMPLATE } from "./customer-apps.ts";
export const INSTANCE_ID = "12121212-3434-5656-7878-909090909090";
export const TOPIC_ARN = "arn:aws:sns:eu-west-2:111122223333:deflect-relay";
export const CLOSING_TEXT = "This chat has ended. Reply here any time to start a new one.";

/**
 * The whole product on one machine, each function wired from its own configuration as in
 * Lambda, all on one table: the Connect emulator runs the product's flows with the deflect
 * handler as their Lambda; the messaging platforms' emulators (Twilio, Meta, X: see
 * customer-apps.ts) reach the webhook function through the API Gateway bridge; resume routes
 * each recorded inbox item (see InboxRouter); the relay's SNS subscriber receives the chat's
 * streamed items and answers on the customer's channel.
 *
 * Time: one ManualClock drives the Connect emulator, the platform emulators and every function,
 * so the IVR's prompts and waits take no real time and all parts agree on "now". Between
 * steps real I/O still happens (HTTP to the emulators and the relay, dynalite); the driver
 * waits for it explicitly (advanceAsync settles flow work, flushStreaming, each app's idle) rather
 * than sleeping. It starts on a weekday morning: the default policy only messages customers
 * in its daytime hours, so a wall-clock start would make the journey depend on the hour.
 */
export async function startE2eWorld(options: { channels: readonly JourneyChannel[] }) {
  const clock = new ManualClock(Date.UTC(2026, 5, 10, 10, 0, 0));
  const now = () => new Date(clock.now());
  const table = await freshTable("e2e");
  const dynamoEndpoint = inject("dynamoEndpoint");
  const errors: unknown[] = [];
  // Callers' voices, Kinesis Video and Transcribe, as in npm start (sandbox/call-audio-world.ts).
  const audio = await startCallAudioWorld({
    clock,
    region: "eu-west-2",
    warn: (message) => void errors.push({ message }),
  });
  const connect = await startConnectEmulator({
    clock,
    media: audio.media,
    instance: {
      instanceId: INSTANCE_ID,
      queues: [{ name: "Support" }],
      routingProfiles: [
        {
          name: "Support agents",
          queues: [
            { queue: "Support", channel: "VOICE" },
            { queue: "Support", channel: "CHAT" },
          ],
          concurrency: { CHAT: 5 },
        },
      ],
      // Offline while the calls come in, so the voice queue stays busy.
      agents: [{ username: "agent-1", routingProfile: "Support agents", status: "Offline" }],
    },
  });
  const flows = addFlowFiles(
    connect.instance,
    allFlows({ queue: "Support", recheckSeconds: 30, maxOffers: 2 }).map((f) => ({
      name: f.name,
      content: f.content,
    })),
  );
  const chatFlowId = flows.find((f) => f.name === "deflected-chat")?.id ?? "";
  const bridge = await startLambdaHttpBridge();
  const customerApps = await startCustomerApps({
    channels: options.channels,
    clock: new OffsetClock(() => clock.now()),
    webhookBaseUrl: bridge.url,
  });
  const common = {
    [ENV.awsRegion]: "eu-west-2",
    [ENV.tableName]: table.tableName,
    [ENV.dynamoEndpoint]: dynamoEndpoint,
    [ENV.brandName]: "Acme",
  };
  const webhooksConfig = loadWebhooksConfig({
    ...common,
    [ENV.webhookPublicBaseUrl]: bridge.url,
    ...customerApps.env,
  });
  // One set of channel adapters from the product's own builder, shared by every function.
  const channels = channelsFrom(webhooksConfig, {
    clock: { now },
    senders: CHANNEL_SENDERS,
    receivers: CHANNEL_RECEIVERS,
  });
  for (const { kind, channel } of customerApps.overrides) channels.set(kind, channel);
  // The flow starts the transcript function, which invokes itself through the Lambda API.
  connect.registerFunction(
    TRANSCRIBER_FUNCTION,
    audio.worker({ ...common, [ENV.lambdaEndpoint]: connect.url }),
    { timeoutSeconds: 900 },
  );
  /** What resume logged for each routed message (its outcome, ids and inbox key). */
  const routes: Record<string, unknown>[] = [];
  const logger = {
    info: (_: string, ...extra: Record<string, unknown>[]) => void routes.push(...extra),
    warn: (message: string, ...extra: unknown[]) => void errors.push({ message, extra }),
    error: (message: string, ...extra: unknown[]) => void errors.push({ message, extra }),
  };

  const deflectConfig = loadDeflectConfig({
    ...common,
    [ENV.connectEndpoint]: connect.url,
    [ENV.whatsAppTemplateSid]: WHATSAPP_TEMPLATE,
  });
  const deflection = wireDeflection({ config: deflectConfig, channels, clock: { now } });
  connect.registerFunction(
    "deflect",
    createDeflectHandler({ deflection, budgetMs: deflectConfig.budgetMs, logger }),
  );

  bridge.setHandler(createWebhookHandler(wireWebhooks(webhooksConfig, { clock: { now }, logger })));
  if (!(await customerApps.subscribe())) throw new Error("a platform refused the webhook callback");

  const resume = wireResume({
    config: loadResumeConfig({
      ...common,
      [ENV.connectEndpoint]: connect.url,
      [ENV.resumeContactFlowId]: chatFlowId,
      [ENV.resumeRelayTopicArn]: TOPIC_ARN,
      [ENV.resumeTokenKey]: Buffer.alloc(32, 7).toString("base64"),
    }),
    channels: webhooksConfig,
    clock: { now },
  });
  const inbox = new InboxRouter({
    client: table.client,
    tableName: table.tableName,
    resume: createResumeHandler({ resume, logger }),
  });

  const signingKey = await fetch(`${connect.url}/__emulator/sns/signing-key.pem`);
  const notices: { chatContactId: string; text: string }[] = [];
  const recordingNotices: ChatNotices = { tellAgent: async (n) => void notices.push(n) };
  const relay = await startLocalRelay({
    config: loadRelayConfig({
      ...common,
      [ENV.connectEndpoint]: connect.url,
      [ENV.resumeTokenKey]: Buffer.alloc(32, 7).toString("base64"),
      [ENV.relayWhatsAppTemplateSid]: REPLY_TEMPLATE,
      [ENV.relayClosingText]: CLOSING_TEXT,
      [ENV.relayConfirmSubscriptions]: "loopback",
    }),
    channels,
    logger,
    notices: recordingNotices,
    clock: { now },
    signingMaterialPem: await signingKey.text(),
  });
  // The topic resume's configuration names, as the stack subscribes the relay to it.
  connect.control.subscribe(TOPIC_ARN, relay.subscriber.url);

  // The journey's channels only: the offer then names the channel under test.
  const policies = new DynamoThresholdPolicyStore(table);
  const queueId = connect.instance.instance.requireQueue("Support").id;
  await policies.putPolicy(
    parseQueuePolicy({
      queueId,
      timeZone: "Europe/London",
      channels: Object.fromEntries(options.channels.map((kind) => [kind, { enabled: true }])),
    }),
  );

  const parts = {
    instanceId: INSTANCE_ID,
    clock,
    connect,
    apps: customerApps.apps,
    relayUrl: relay.subscriber.url,
    inbox,
    relay,
    queueId,
    errors,
    routes,
    notices,
    clients: sdkClients(connect.url),
    sessions: new DynamoSessionStore({ ...table, clock: { now } }),
    customers: new DynamoCustomerDirectory(table),
    transcripts: new DynamoTranscriptSource(table),
    connections: resume.connections,
  };
  return {
    ...parts,
    ...e2eDriver(parts),
    async close() {
      await audio.close();
      await connect.close();
      await relay.subscriber.close();
      await customerApps.close();
      await bridge.close();
      table.documentClient.destroy();
    },
  };
}

export type E2eWorld = Awaited<ReturnType<typeof startE2eWorld>>;
export type E2eParts = Parameters<typeof e2eDriver>[0];
