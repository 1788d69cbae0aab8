import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { createDocumentClients } from "../adapters/dynamodb/document-client.ts";
import { DynamoFunnelRecorder } from "../adapters/dynamodb/dynamo-funnel-recorder.ts";
import { DynamoThresholdPolicyStore } from "../adapters/dynamodb/dynamo-threshold-policy-store.ts";
import { ensureTable } from "../adapters/dynamodb/table-definition.ts";
import { ENV } from "../config/environment-names.ts";
import { parseQueuePolicy } from "../core/policy/queue-policy.ts";
import { startConnectEmulator } from "../emulators/connect/connect-emulator.ts";
import { addFlowFiles } from "../emulators/connect/flow-files.ts";
import { CONNECT_DEFAULT_QUOTAS } from "../emulators/connect/quotas/api-quotas.ts";
import { startLocalDynamo } from "../emulators/dynamodb/local-dynamodb.ts";
import {
  type Clock as EmulatorClock,
  OffsetClock,
  RealClock,
} from "../emulators/shared-http/clock.ts";
import { startTwilioEmulator } from "../emulators/twilio/index.ts";
import { allFlows } from "../flows/all-flows.ts";
import { voiceDeflectionFlow } from "../flows/voice-deflection.ts";
import type { FlowAnswer } from "../functions/deflect/flow-answer.ts";
import { startCallAudioWorld, TRANSCRIBER_FUNCTION } from "./call-audio-world.ts";
import { deflectFunction } from "./deflect-function.ts";
import { DEMO } from "./demo-instance.ts";
import { startMessagingParts } from "./messaging-parts.ts";
import { startMessengerPlatforms } from "./messenger-platforms.ts";

export interface DeflectCall {
  readonly action: string;
  /** The voice contact the flow invoked deflect for (the console follows calls by it). */
  readonly contactId: string;
  readonly answer: FlowAnswer;
  readonly elapsedMs: number;
}

/**
 * Everything `npm start` runs, on one machine: dynalite on disk, the Connect emulator and
 * the messenger platforms' (Twilio, Meta, X, Telegram, LINE), the product's flows, the real
 * deflect function behind the emulator's Lambda endpoint, and the webhook, resume and relay
 * parts (messaging-parts.ts). `clock` drives the emulators and every function (a manual
 * clock runs an hour in seconds); `freshTable` starts from an empty table, so a run's funnel
 * counts only that run.
 */
export async function startLocalWorld(options: {
  clock?: EmulatorClock;
  freshTable?: boolean;
  /** Where dynalite keeps the table (default DEMO.dataDir, `.data/dynamodb`). */
  dataDir?: string;
  onDeflect?: (call: DeflectCall) => void;
  /** What the transcript workers report, for a person watching. */
  onTranscript?: (message: string) => void;
}) {
  const dataDir = resolve(options.dataDir ?? DEMO.dataDir);
  await mkdir(dataDir, { recursive: true });
  const dynamo = await startLocalDynamo({ path: dataDir, inChildProcess: true });
  const local = { accessKeyId: "sandbox", secretAccessKey: "sandbox" };
  const { client, documentClient } = createDocumentClients({
    region: DEMO.region,
    endpoint: dynamo.endpoint,
    credentials: local,
  });
  if (options.freshTable) {
    await client.send(new DeleteTableCommand({ TableName: DEMO.tableName })).catch(notFound);
  }
  await ensureTable(client, DEMO.tableName);

  const clock = options.clock ?? new RealClock();
  const audio = await startCallAudioWorld({
    clock,
    region: DEMO.region,
    warn: (message) => console.warn(`  ! ${message}`),
    ...(options.onTranscript ? { info: options.onTranscript } : {}),
  });
  const connect = await startConnectEmulator({
    instance: DEMO.instance,
    // A new account's quotas, in real seconds. GetCurrentMetricData is the exception: deflect
    // refreshes its estimates by the demo's clock, which runs the busy hour far faster than
    // real time, so that one quota is raised by as much (its pacing is tested elsewhere).
    quotas: {
      ...CONNECT_DEFAULT_QUOTAS,
      GetCurrentMetricData: { rate: 500, burst: 800 },
    },
    clock,
    media: audio.media,
  });
  // SNS retries a failed delivery 20 s later by default; the demo hour passes in seconds.
  connect.state.streaming.setDeliveryPolicy({ numRetries: 3, retryDelayMs: 500 });
  const flows = allFlows({ queue: "Support", recheckSeconds: 60, maxOffers: 2 });
  const added = addFlowFiles(connect.instance, [
    ...flows.map((f) => ({ name: f.name, content: f.content })),
    // The same inbound flow for the second queue: only its working queue differs.
    { name: "voice-deflection-billing", content: voiceDeflectionFlow({ queue: "Billing" }) },
  ]);
  const now = () => new Date(connect.clock.now());
  const twilio = await startTwilioEmulator({
    clock: new OffsetClock(() => connect.clock.now()),
    // Receipts go to the webhook function on short real timers; callers wait with idle().
    statusStepMs: 1,
    contentTemplates: { [DEMO.whatsAppTemplateSid]: DEMO.whatsAppTemplateText },
  });
  const platforms = await startMessengerPlatforms({
    clock: new OffsetClock(() => connect.clock.now()),
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
      parseQueuePolicy({
        ...policy,
        queueId: queueIds[name],
        queueName: name,
        timeZone: "Europe/London",
      }),
    );
  }

  const common = {
    [ENV.awsRegion]: DEMO.region,
    [ENV.tableName]: DEMO.tableName,
    [ENV.dynamoEndpoint]: dynamo.endpoint,
    [ENV.brandName]: "Acme Support",
  };
  const logger = {
    info: () => {},
    warn: (m: string, ...e: unknown[]) => console.warn(`  ! ${m}`, ...e),
    error: (m: string, ...e: unknown[]) => console.error(`  ! ${m}`, ...e),
  };
  const messaging = await startMessagingParts({
    common,
    client,
    connect,
    twilio,
    chatFlowId: added.find((f) => f.name === "deflected-chat")?.id ?? "",
    now,
    logger,
    platforms,
  });
  const channels = messaging.channels;
  // The flow starts the transcript worker, which invokes itself through the Lambda API.
  connect.registerFunction(
    TRANSCRIBER_FUNCTION,
    audio.worker({ ...common, [ENV.lambdaEndpoint]: connect.url }),
    {
      timeoutSeconds: 900,
    },
  );
  const handler = deflectFunction({ common, connectUrl: connect.url, channels, now, logger });
  const calls: DeflectCall[] = [];
  connect.registerFunction("deflect", async (event: unknown) => {
    const started = performance.now();
    const answer = await handler(event);
    const details = (
      event as {
        Details?: { Parameters?: { action?: string }; ContactData?: { ContactId?: string } };
      }
    ).Details;
    const action = details?.Parameters?.action ?? "?";
    const contactId = details?.ContactData?.ContactId ?? "?";
    const call = { action, contactId, answer, elapsedMs: performance.now() - started };
    calls.push(call);
    options.onDeflect?.(call);
    return answer;
  });

  return {
    dynamo,
    connect,
    audio,
    twilio,
    platforms,
    messaging,
    queueIds,
    calls,
    policies,
    funnel: new DynamoFunnelRecorder({ documentClient, tableName: DEMO.tableName }),
    table: { documentClient, tableName: DEMO.tableName },
    async close() {
      client.destroy();
      await audio.close();
      await connect.close();
      await messaging.close();
      await twilio.close();
      await platforms.close();
      await dynamo.close();
    },
  };
}

function notFound(error: unknown): void {
  if ((error as { name?: string }).name !== "ResourceNotFoundException") throw error;
}

export type LocalWorld = Awaited<ReturnType<typeof startLocalWorld>>;
