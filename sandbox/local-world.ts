import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { createDocumentClients } from "../adapters/dynamodb/document-client.ts";
import { DynamoFunnelRecorder } from "../adapters/dynamodb/dynamo-funnel-recorder.ts";
import { DynamoThresholdPolicyStore } from "../adapters/dynamodb/dynamo-threshold-policy-store.ts";
import { ensureTable } from "../adapters/dynamodb/table-definition.ts";
import { TwilioSmsChannel, TwilioWhatsAppChannel } from "../adapters/twilio/twilio-channel.ts";
import { loadDeflectConfig } from "../config/deflect-config.ts";
import type { ChannelKind } from "../core/channel.ts";
import { parseQueuePolicy } from "../core/policy/queue-policy.ts";
import type { MessengerChannel } from "../core/ports/messenger-channel.ts";
import type { Clock as EmulatorClock } from "../emulators/connect/clock.ts";
import { startConnectEmulator } from "../emulators/connect/connect-emulator.ts";
import { addFlowFiles } from "../emulators/connect/flow-files.ts";
import { startLocalDynamo } from "../emulators/dynamodb/local-dynamodb.ts";
import { startTwilioEmulator } from "../emulators/twilio/index.ts";
import { allFlows } from "../flows/all-flows.ts";
import { voiceDeflectionFlow } from "../flows/voice-deflection.ts";
import { createDeflectHandler } from "../functions/deflect/deflect-handler.ts";
import type { FlowAnswer } from "../functions/deflect/flow-answer.ts";
import { wireDeflection } from "../functions/deflect/wire.ts";
import { DEMO } from "./demo-instance.ts";

export interface DeflectCall {
  readonly action: string;
  readonly answer: FlowAnswer;
  readonly elapsedMs: number;
}

/**
 * Everything `npm start` runs, on one machine: dynalite on disk, the Connect and Twilio
 * emulators, the product's flows, and the real deflect function behind the emulator's
 * Lambda endpoint. `clock` drives the emulators (a manual clock runs an hour in seconds).
 */
export async function startLocalWorld(options: {
  clock?: EmulatorClock;
  onDeflect?: (call: DeflectCall) => void;
}) {
  const dataDir = resolve(DEMO.dataDir);
  await mkdir(dataDir, { recursive: true });
  const dynamo = await startLocalDynamo({ path: dataDir, inChildProcess: true });
  const local = { accessKeyId: "sandbox", secretAccessKey: "sandbox" };
  const { client, documentClient } = createDocumentClients({
    region: DEMO.region,
    endpoint: dynamo.endpoint,
    credentials: local,
  });
  await ensureTable(client, DEMO.tableName);

  const connect = await startConnectEmulator({
    instance: DEMO.instance,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const flows = allFlows({ queue: "Support", recheckSeconds: 60, maxOffers: 2 });
  addFlowFiles(connect.instance, [
    ...flows.map((f) => ({ name: f.name, content: f.content })),
    // The same inbound flow for the second queue: only its working queue differs.
    { name: "voice-deflection-billing", content: voiceDeflectionFlow({ queue: "Billing" }) },
  ]);
  const twilio = await startTwilioEmulator({
    contentTemplates: {
      [DEMO.whatsAppTemplateSid]:
        "{{1}}: thanks for calling. Reply here and an agent will carry on where the call left off.",
    },
  });
  const queueIds = Object.fromEntries(
    Object.keys(DEMO.policies).map((name) => [
      name,
      connect.instance.instance.requireQueue(name).id,
    ]),
  );
  const policies = new DynamoThresholdPolicyStore({ documentClient, tableName: DEMO.tableName });
  for (const [name, policy] of Object.entries(DEMO.policies)) {
    await policies.putPolicy(
      parseQueuePolicy({ ...policy, queueId: queueIds[name], timeZone: "Europe/London" }),
    );
  }

  const now = () => new Date(connect.clock.now());
  const twilioOptions = {
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    apiOrigin: twilio.url,
    clock: { now },
  };
  const channels = new Map<ChannelKind, MessengerChannel>([
    ["sms", new TwilioSmsChannel({ ...twilioOptions, from: DEMO.businessNumber })],
    [
      "whatsapp",
      new TwilioWhatsAppChannel({ ...twilioOptions, from: `whatsapp:${DEMO.businessNumber}` }),
    ],
  ]);
  const config = loadDeflectConfig({
    AWS_REGION: DEMO.region,
    DEFLECT_TABLE_NAME: DEMO.tableName,
    DEFLECT_DYNAMODB_ENDPOINT: dynamo.endpoint,
    DEFLECT_CONNECT_ENDPOINT: connect.url,
    DEFLECT_BRAND_NAME: "Acme Support",
    DEFLECT_WHATSAPP_TEMPLATE_SID: DEMO.whatsAppTemplateSid,
  });
  const handler = createDeflectHandler({
    deflection: wireDeflection({ config, channels, clock: { now } }),
    budgetMs: config.budgetMs,
    logger: {
      warn: (m, ...e) => console.warn(`  ! ${m}`, ...e),
      error: (m, ...e) => console.error(`  ! ${m}`, ...e),
    },
  });
  const calls: DeflectCall[] = [];
  connect.registerFunction("deflect", async (event: unknown) => {
    const started = performance.now();
    const answer = await handler(event);
    const action =
      (event as { Details?: { Parameters?: { action?: string } } }).Details?.Parameters?.action ??
      "?";
    const call = { action, answer, elapsedMs: performance.now() - started };
    calls.push(call);
    options.onDeflect?.(call);
    return answer;
  });

  return {
    dynamo,
    connect,
    twilio,
    queueIds,
    calls,
    policies,
    funnel: new DynamoFunnelRecorder({ documentClient, tableName: DEMO.tableName }),
    async close() {
      client.destroy();
      await connect.close();
      await twilio.close();
      await dynamo.close();
    },
  };
}

export type LocalWorld = Awaited<ReturnType<typeof startLocalWorld>>;
