import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { StartChatContactCommand, StartContactStreamingCommand } from "@aws-sdk/client-connect";
import {
  CreateParticipantConnectionCommand,
  SendMessageCommand,
} from "@aws-sdk/client-connectparticipant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConnectEmulator, startConnectEmulator } from "./connect-emulator.ts";
import { sdkClients, testInstance } from "./test-support/clients.ts";

const TOPIC = "arn:aws:sns:eu-west-2:111122223333:retry-topic";
let emulator: ConnectEmulator;
let clients: ReturnType<typeof sdkClients>;
let subscriber: Server;
/** Status codes the subscriber answers with, in turn; 200 once they run out. */
const answers: number[] = [];
const received: string[] = [];

beforeAll(async () => {
  // The API's answers are under test, not the account's quotas (quotas/api-quotas.test.ts).
  emulator = await startConnectEmulator({
    quotas: "off",
    instance: testInstance,
  });
  clients = sdkClients(emulator.url);
  subscriber = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const status = answers.shift() ?? 200;
      const item = JSON.parse(JSON.parse(body).Message);
      if (item.Type === "MESSAGE") received.push(`${status} ${item.Content}`);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => subscriber.listen(0, "127.0.0.1", resolve));
  const { port } = subscriber.address() as AddressInfo;
  emulator.control.subscribe(TOPIC, `http://127.0.0.1:${port}/sns`);
});
afterAll(async () => {
  await emulator.close();
  await new Promise((resolve) => subscriber.close(resolve));
});

async function streamedChat() {
  const chat = await clients.connect.send(
    new StartChatContactCommand({
      InstanceId: testInstance.instanceId,
      ContactFlowId: testInstance.flows[0]?.id,
      ParticipantDetails: { DisplayName: "Sam" },
    }),
  );
  await clients.connect.send(
    new StartContactStreamingCommand({
      InstanceId: testInstance.instanceId,
      ContactId: chat.ContactId,
      ChatStreamingConfiguration: { StreamingEndpointArn: TOPIC },
      ClientToken: chat.ContactId,
    }),
  );
  const connection = await clients.participant.send(
    new CreateParticipantConnectionCommand({
      ParticipantToken: chat.ParticipantToken,
      Type: ["CONNECTION_CREDENTIALS"],
      ConnectParticipant: true,
    }),
  );
  const token = connection.ConnectionCredentials?.ConnectionToken;
  return (content: string) =>
    clients.participant.send(
      new SendMessageCommand({
        ConnectionToken: token,
        ContentType: "text/plain",
        Content: content,
      }),
    );
}

describe("chat streaming retries a failed HTTP/S delivery as SNS does", () => {
  it("retries a refused delivery after the policy's delay, apart from later items", async () => {
    emulator.state.streaming.setDeliveryPolicy({ numRetries: 3, retryDelayMs: 30 });
    const send = await streamedChat();
    await emulator.control.flushStreaming();
    received.length = 0;
    answers.push(503);
    await send("first");
    await send("second");
    await emulator.state.streaming.settled();
    // The retry runs beside the stream: the newer item can arrive before the retried one.
    expect(received).toEqual(["503 first", "200 second", "200 first"]);
  });

  it("gives up after the policy's number of retries", async () => {
    emulator.state.streaming.setDeliveryPolicy({ numRetries: 2, retryDelayMs: 10 });
    const send = await streamedChat();
    await emulator.control.flushStreaming();
    received.length = 0;
    answers.push(500, 500, 500, 500);
    await send("never taken");
    await emulator.state.streaming.settled();
    answers.length = 0;
    expect(received).toEqual(["500 never taken", "500 never taken", "500 never taken"]);
  });
});
