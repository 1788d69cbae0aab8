import { StartChatContactCommand } from "@aws-sdk/client-connect";
import {
  ConnectParticipantClient,
  CreateParticipantConnectionCommand,
  SendEventCommand,
  SendMessageCommand,
} from "@aws-sdk/client-connectparticipant";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_PACING } from "../../config/connect-quotas.ts";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { sdkClients, testInstance } from "../../emulators/connect/test-support/clients.ts";
import { connectPacer } from "../../functions/shared/connect-pacing.ts";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { paceClient } from "./paced-calls.ts";

let emulator: ConnectEmulator;
let table: Awaited<ReturnType<typeof freshTable>>;

// Each test starts with full buckets, Connect's and the table's, instead of waiting for
// the last test's to refill.
beforeEach(async () => {
  // Connect's default quotas for a new account.
  emulator = await startConnectEmulator({ instance: testInstance });
  table = await freshTable("paced");
});
afterEach(() => emulator.close());

/** A participant client as one function instance has it: its own pacer on the shared table. */
function instanceClient(maxAttempts = 1) {
  const client = new ConnectParticipantClient({
    endpoint: emulator.url,
    region: "eu-west-2",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    maxAttempts,
  });
  paceClient(client, connectPacer({ ...table, pacing: DEFAULT_PACING, maxWaitMs: 20_000 }));
  return client;
}

async function customerConnection(): Promise<string> {
  const { connect, participant } = sdkClients(emulator.url);
  const chat = await connect.send(
    new StartChatContactCommand({
      InstanceId: testInstance.instanceId,
      ContactFlowId: testInstance.flows[0]?.id ?? "",
      ParticipantDetails: { DisplayName: "Sam" },
    }),
  );
  const connection = await participant.send(
    new CreateParticipantConnectionCommand({
      ParticipantToken: chat.ParticipantToken,
      Type: ["CONNECTION_CREDENTIALS"],
    }),
  );
  return connection.ConnectionCredentials?.ConnectionToken ?? "";
}

const send = (client: ConnectParticipantClient, ConnectionToken: string, n: number) =>
  client.send(
    new SendMessageCommand({ ConnectionToken, ContentType: "text/plain", Content: `m${n}` }),
  );

describe("Connect calls paced across instances through the table", () => {
  it("keeps three instances' 45 SendMessage calls under the quota, with no retry needed", async () => {
    const token = await customerConnection();
    emulator.control.quotas.resetCounts();
    const instances = [instanceClient(), instanceClient(), instanceClient()];
    const started = Date.now();
    const settled = await Promise.allSettled(
      Array.from({ length: 45 }, (_, n) =>
        send(instances[n % 3] as ConnectParticipantClient, token, n),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    expect(settled.filter((s) => s.status === "rejected")).toEqual([]);
    expect(emulator.control.quotas.counts().throttled.get("SendMessage") ?? 0).toBe(0);
    // 13 at once, then 10 a second: about 3.2 s for 45, never much faster.
    expect(seconds).toBeGreaterThan(2.5);
  }, 30_000);

  it("without pacing, the same burst meets ThrottlingException", async () => {
    const token = await customerConnection();
    const plain = new ConnectParticipantClient({
      endpoint: emulator.url,
      region: "eu-west-2",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
      maxAttempts: 1,
    });
    const settled = await Promise.allSettled(
      Array.from({ length: 45 }, (_, n) => send(plain, token, n)),
    );
    const refused = settled.filter((s) => s.status === "rejected") as PromiseRejectedResult[];
    expect(refused.length).toBeGreaterThan(20);
    expect(refused[0]?.reason.name).toBe("ThrottlingException");
  });

  it("skips a typing event rather than make it wait, while messages queue", async () => {
    const token = await customerConnection();
    const client = instanceClient();
    // The burst goes first, so the budget is spent when the rest queue up.
    await Promise.all(Array.from({ length: 13 }, (_, n) => send(client, token, n)));
    const messages = Array.from({ length: 10 }, (_, n) => send(client, token, 100 + n));
    const typing = client.send(
      new SendEventCommand({
        ConnectionToken: token,
        ContentType: "application/vnd.amazonaws.connect.event.typing",
      }),
    );
    await expect(typing).rejects.toMatchObject({ name: "PacedOutError" });
    await Promise.all(messages);
  }, 30_000);
});

describe("the active-chat limit is not a rate", () => {
  it("does not hold StartChatContact off for every instance when the instance is full", async () => {
    const full = await startConnectEmulator({ instance: testInstance, maxActiveChats: 1 });
    try {
      const pacer = connectPacer({ ...table, pacing: DEFAULT_PACING, maxWaitMs: 20_000 });
      const held: string[] = [];
      const throttled = pacer.throttled.bind(pacer);
      pacer.throttled = async (operation) => {
        held.push(operation);
        return throttled(operation);
      };
      const { connect } = sdkClients(full.url);
      paceClient(connect, pacer);
      const start = () =>
        connect.send(
          new StartChatContactCommand({
            InstanceId: testInstance.instanceId,
            ContactFlowId: testInstance.flows[0]?.id ?? "",
            ParticipantDetails: { DisplayName: "Sam" },
          }),
        );
      await start();
      await expect(start()).rejects.toMatchObject({ name: "LimitExceededException" });
      expect(held).toEqual([]);
    } finally {
      await full.close();
    }
  }, 30_000);
});
