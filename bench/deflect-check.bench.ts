import { randomUUID } from "node:crypto";
import { createDocumentClients } from "../adapters/dynamodb/document-client.ts";
import { DynamoThresholdPolicyStore } from "../adapters/dynamodb/dynamo-threshold-policy-store.ts";
import { ensureTable } from "../adapters/dynamodb/table-definition.ts";
import { TwilioSender } from "../adapters/twilio/send.ts";
import { loadDeflectConfig } from "../config/deflect-config.ts";
import { parseQueuePolicy } from "../core/policy/queue-policy.ts";
import { startConnectEmulator } from "../emulators/connect/connect-emulator.ts";
import { startLocalDynamo } from "../emulators/dynamodb/local-dynamodb.ts";
import { createDeflectHandler } from "../functions/deflect/deflect-handler.ts";
import { wireDeflection } from "../functions/deflect/wire.ts";
import { measure, report } from "./measure.ts";

const INSTANCE_ID = "55555555-6666-7777-8888-999999999999";
const QUEUES = Array.from({ length: 10 }, (_, i) => `Queue ${i}`);
const REFRESH_MS = 5000;

/**
 * The deflect check in-process against the Connect emulator and dynalite: latency with a warm
 * metrics cache, and how many GetCurrentMetricData calls many checks cost.
 */
export async function run(): Promise<void> {
  // dynalite gets its own process, as DynamoDB is a separate service in AWS.
  const dynamo = await startLocalDynamo({ inChildProcess: true });
  const connect = await startConnectEmulator({
    instance: { instanceId: INSTANCE_ID, queues: QUEUES.map((name) => ({ name })) },
  });
  const tableName = `bench-${randomUUID()}`;
  const { client, documentClient } = createDocumentClients({
    region: "eu-west-2",
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
  await ensureTable(client, tableName);
  const policies = new DynamoThresholdPolicyStore({ documentClient, tableName });
  const queueIds = QUEUES.map((name) => connect.instance.instance.requireQueue(name).id);
  for (const queueId of queueIds) {
    await policies.putPolicy(
      parseQueuePolicy({
        queueId,
        timeZone: "Europe/London",
        channels: { sms: { enabled: true } },
      }),
    );
  }
  // A busy first queue: 200 callers waiting and a long estimate.
  for (let i = 0; i < 200; i++) connect.control.placeVoiceCall({ queue: "Queue 0" });
  for (const name of QUEUES)
    connect.control.setEstimatedWait({ queue: name, channel: "VOICE", seconds: 900 });

  const config = loadDeflectConfig({
    DEFLECT_TABLE_NAME: tableName,
    DEFLECT_DYNAMODB_ENDPOINT: dynamo.endpoint,
    DEFLECT_CONNECT_ENDPOINT: connect.url,
    DEFLECT_METRICS_REFRESH_MS: String(REFRESH_MS),
  });
  const sms = new TwilioSender("sms", { accountSid: "AC0", authToken: "x", from: "+15005550006" });
  const handler = createDeflectHandler({
    deflection: wireDeflection({ config, channels: new Map([["sms", sms]]) }),
    budgetMs: config.budgetMs,
    logger: { warn: () => {}, error: (m, e) => console.error(m, e) },
  });
  const instanceArn = `arn:aws:connect:eu-west-2:111122223333:instance/${INSTANCE_ID}`;
  const check = (queueId: string, n: number) =>
    handler({
      Name: "ContactFlowEvent",
      Details: {
        ContactData: {
          Attributes: {},
          Channel: "VOICE",
          ContactId: `bench-${randomUUID()}`,
          InstanceARN: instanceArn,
          CustomerEndpoint: {
            Address: `+4479112${String(n % 100_000).padStart(5, "0")}`,
            Type: "TELEPHONE_NUMBER",
          },
          Queue: { ARN: `${instanceArn}/queue/${queueId}`, Name: "q" },
        },
        Parameters: { action: "check" },
      },
    });

  try {
    const busy = queueIds[0] as string;
    await check(busy, 0);
    const sequential = await measure({
      count: 300,
      concurrency: 1,
      task: (i) => check(busy, 10_000 + i),
    });
    report("deflect check, warm cache, one at a time", sequential);
    const latency = await measure({
      count: 1000,
      concurrency: 200,
      task: (i) => check(busy, i + 1),
    });
    report("deflect check, warm cache, 200 concurrent (busy queue)", latency);

    connect.control.resetCallCounts();
    const metricCalls = () => connect.control.callCounts().GetCurrentMetricData ?? 0;
    // Calls per refresh-interval-long window, to show how refreshes batch over time.
    const perWindow: number[] = [];
    const sampler = setInterval(() => {
      perWindow.push(metricCalls() - perWindow.reduce((sum, n) => sum + n, 0));
    }, REFRESH_MS);
    const started = Date.now();
    const reasons = new Map<string, number>();
    await measure({
      count: 1000,
      concurrency: 50,
      task: async (i) => {
        const { reason = "?" } = await check(queueIds[i % 10] as string, 20_000 + i);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      },
    });
    clearInterval(sampler);
    const elapsedMs = Date.now() - started;
    const calls = metricCalls();
    perWindow.push(calls - perWindow.reduce((sum, n) => sum + n, 0));
    const allowed = queueIds.length * Math.ceil((elapsedMs + 1) / REFRESH_MS);
    console.log(
      `GetCurrentMetricData calls for 1000 checks over 10 queues: ${calls} in ${elapsedMs} ms (ceiling at one per queue per ${REFRESH_MS} ms: ${allowed})`,
    );
    console.log(`  calls per ${REFRESH_MS} ms window: ${perWindow.join(", ")}`);
    console.log(`  answers: ${[...reasons].map(([reason, n]) => `${reason}=${n}`).join(" ")}`);
  } finally {
    client.destroy();
    await connect.close();
    await dynamo.close();
  }
}
