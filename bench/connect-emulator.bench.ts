import { performance } from "node:perf_hooks";
import { GetCurrentMetricDataCommand, StartChatContactCommand } from "@aws-sdk/client-connect";
import {
  CreateParticipantConnectionCommand,
  SendMessageCommand,
} from "@aws-sdk/client-connectparticipant";
import { startConnectEmulator } from "../emulators/connect/connect-emulator.ts";
import { sdkClients, testInstance } from "../emulators/connect/test-support/clients.ts";
import { measure, report } from "./measure.ts";

const REQUESTS = 2_000;
const CONCURRENCY = 20;

/**
 * The Connect emulator's throughput through the official SDK clients over loopback HTTP:
 * SendMessage on one chat and GetCurrentMetricData on one queue, plus the cost of a start.
 */
export async function run(): Promise<void> {
  const startedAt = performance.now();
  // The emulator's own throughput, past any account's quotas.
  const emulator = await startConnectEmulator({ instance: testInstance, quotas: "off" });
  console.log(`startConnectEmulator: ${(performance.now() - startedAt).toFixed(1)} ms`);
  const { connect, participant } = sdkClients(emulator.url);
  try {
    const chat = await connect.send(
      new StartChatContactCommand({
        InstanceId: testInstance.instanceId,
        ContactFlowId: testInstance.flows[0]?.id,
        ParticipantDetails: { DisplayName: "Bench" },
      }),
    );
    const connection = await participant.send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: chat.ParticipantToken,
        Type: ["CONNECTION_CREDENTIALS"],
      }),
    );
    const ConnectionToken = connection.ConnectionCredentials?.ConnectionToken;
    report(
      "connect emulator: SendMessage (SDK, c=20)",
      await measure({
        count: REQUESTS,
        concurrency: CONCURRENCY,
        task: (i) =>
          participant.send(
            new SendMessageCommand({
              ConnectionToken,
              ContentType: "text/plain",
              Content: `m${i}`,
            }),
          ),
      }),
    );
    const queueId = testInstance.queues[0]?.id ?? "";
    report(
      "connect emulator: GetCurrentMetricData (SDK, c=20)",
      await measure({
        count: REQUESTS,
        concurrency: CONCURRENCY,
        task: () =>
          connect.send(
            new GetCurrentMetricDataCommand({
              InstanceId: testInstance.instanceId,
              Filters: { Queues: [queueId], Channels: ["VOICE", "CHAT"] },
              Groupings: ["QUEUE", "CHANNEL"],
              CurrentMetrics: [
                { Name: "CONTACTS_IN_QUEUE", Unit: "COUNT" },
                { Name: "OLDEST_CONTACT_AGE", Unit: "SECONDS" },
                { Name: "AGENTS_AVAILABLE", Unit: "COUNT" },
                { Name: "ESTIMATED_WAIT_TIME", Unit: "SECONDS" },
              ],
            }),
          ),
      }),
    );
  } finally {
    connect.destroy();
    participant.destroy();
    await emulator.close();
  }
}
