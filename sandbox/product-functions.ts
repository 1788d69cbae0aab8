import { createDocumentClients } from "../adapters/dynamodb/document-client.ts";
import { DynamoThresholdPolicyStore } from "../adapters/dynamodb/dynamo-threshold-policy-store.ts";
import { ensureTable } from "../adapters/dynamodb/table-definition.ts";
import { ENV } from "../config/environment-names.ts";
import { parseQueuePolicy } from "../core/policy/queue-policy.ts";
import { UsageError } from "../emulators/cli/cli-options.ts";
import type { LocalWorld as EmulatorWorld } from "../emulators/cli/local-world.ts";
import type { RunningEmulator, StartedEmulators } from "../emulators/cli/running-emulator.ts";
import { TRANSCRIBER_FUNCTION, transcriptWorker } from "./call-audio-world.ts";
import { deflectFunction } from "./deflect-function.ts";
import { DEMO } from "./demo-instance.ts";
import { startMessagingParts } from "./messaging-parts.ts";

/** The table the functions share behind `npm run emulators -- --with-functions`. */
export const EMULATOR_TABLE = "connect-deflect-emulators";

/** The emulators the functions need; `--only` must keep them. */
export const NEEDED = ["connect", "twilio", "dynamodb"] as const;

/**
 * Wires the product onto emulators the CLI started, as `npm start` wires it onto its own: a
 * table in dynalite with a live policy for every queue (any hour, WhatsApp then SMS), deflect
 * and the transcript worker registered by the names the flows use, and the messaging parts
 * with Twilio's webhooks aimed at the webhook function. Customer messages are routed to resume
 * every second, as the sandbox does without a DynamoDB stream.
 */
export async function startProductFunctions(world: EmulatorWorld): Promise<RunningEmulator> {
  const { connect, twilio, dynamodb } = requireStarted(world.started);
  const { instance } = connect.instance;
  const { client, documentClient } = createDocumentClients({
    region: instance.region,
    endpoint: dynamodb.endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await ensureTable(client, EMULATOR_TABLE);
  const policies = new DynamoThresholdPolicyStore({ documentClient, tableName: EMULATOR_TABLE });
  for (const queue of instance.queues.values()) {
    await policies.putPolicy(
      parseQueuePolicy({
        ...DEMO.policies.Support,
        windows: [],
        queueId: queue.id,
        queueName: queue.name,
        timeZone: "UTC",
      }),
    );
  }
  twilio.registerTemplate(DEMO.whatsAppTemplateSid, DEMO.whatsAppTemplateText);
  const common = {
    [ENV.awsRegion]: instance.region,
    [ENV.tableName]: EMULATOR_TABLE,
    [ENV.dynamoEndpoint]: dynamodb.endpoint,
    [ENV.brandName]: "Acme Support",
  };
  const now = () => new Date(connect.clock.now());
  const logger = {
    info: () => {},
    warn: (m: string, ...e: unknown[]) => console.error(`functions: ${m}`, ...e),
    error: (m: string, ...e: unknown[]) => console.error(`functions: ${m}`, ...e),
  };
  const chatFlow = [...instance.flows.values()].find((flow) => flow.name === "deflected-chat");
  const messaging = await startMessagingParts({
    common,
    client,
    connect,
    twilio,
    chatFlowId: chatFlow?.id ?? "",
    now,
    logger,
  });
  const webhookUrl = `${messaging.bridge.url}/webhooks/whatsapp`;
  twilio.setWebhookUrl(webhookUrl);
  const deflect = deflectFunction({
    common,
    connectUrl: connect.url,
    channels: messaging.channels,
    now,
    logger,
  });
  const functions: Record<string, string> = {
    deflect: connect.registerFunction("deflect", deflect),
  };
  const running = new Set<Promise<unknown>>();
  const audio = audioEndpoints(world.summary);
  if (audio) {
    const worker = transcriptWorker({
      env: { ...common, ...audio, [ENV.lambdaEndpoint]: connect.url },
      now,
      running,
      warn: (message) => console.error(message),
    });
    functions.transcribe = connect.registerFunction(TRANSCRIBER_FUNCTION, worker, {
      timeoutSeconds: 900,
    });
  }
  const routing = routeEverySecond(messaging);
  return {
    summary: {
      functions,
      table: EMULATOR_TABLE,
      webhooks: webhookUrl,
      relay: messaging.relayUrl,
    },
    async close() {
      // Nothing acknowledged is left behind: the webhook endpoint closes first, then routing.
      await messaging.bridge.close();
      await routing.stop();
      await Promise.allSettled([...running]);
      await messaging.close();
      client.destroy();
    },
  };
}

function requireStarted(started: Partial<StartedEmulators>): StartedEmulators {
  const missing = NEEDED.filter((name) => started[name] === undefined);
  if (missing.length > 0) {
    throw new UsageError(`--with-functions needs ${missing.join(", ")}, which --only leaves out`);
  }
  return started as StartedEmulators;
}

/** The transcript worker's endpoints, when the CLI started Kinesis Video and Transcribe. */
function audioEndpoints(summary: Readonly<Record<string, unknown>>) {
  const { kinesisVideo, transcribe } = summary;
  if (typeof kinesisVideo !== "string" || typeof transcribe !== "string") return undefined;
  return { [ENV.kinesisVideoEndpoint]: kinesisVideo, [ENV.transcribeEndpoint]: transcribe };
}

type Messaging = Awaited<ReturnType<typeof startMessagingParts>>;

/** New inbox items to resume and a pass over the waiting line, one pass at a time. */
function routeEverySecond(messaging: Messaging): { stop(): Promise<void> } {
  const once = async () => {
    try {
      await messaging.inbox.drain();
      await messaging.drainWaitingLine();
    } catch (error) {
      console.error("functions: routing failed:", error);
    }
  };
  let pass: Promise<void> | undefined;
  const timer = setInterval(() => {
    pass ??= once().finally(() => {
      pass = undefined;
    });
  }, 1000);
  return {
    async stop() {
      clearInterval(timer);
      await pass;
      await once();
    },
  };
}
