import { ConnectClient, StartChatContactCommand } from "@aws-sdk/client-connect";
import {
  ConnectParticipantClient,
  CreateParticipantConnectionCommand,
  SendEventCommand,
  SendMessageCommand,
} from "@aws-sdk/client-connectparticipant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConnectEmulator, startConnectEmulator } from "../connect-emulator.ts";
import { testInstance } from "../test-support/clients.ts";
import { ApiQuotaGate, CONNECT_DEFAULT_QUOTAS } from "./api-quotas.ts";

const InstanceId = testInstance.instanceId;
const ContactFlowId = testInstance.flows[0]?.id ?? "";

describe("ApiQuotaGate", () => {
  it("lets a burst through, then refuses until the rate refills it", () => {
    let now = 0;
    const gate = new ApiQuotaGate({ StartChatContact: { rate: 5, burst: 8 } }, () => now);
    const answers = Array.from({ length: 9 }, () => gate.admit("StartChatContact", "connect"));
    expect(answers.slice(0, 8)).toEqual(Array(8).fill(undefined));
    expect(answers[8]?.errorName).toBe("ThrottlingException");
    now += 199;
    expect(gate.admit("StartChatContact", "connect")).toBeDefined();
    now += 2;
    expect(gate.admit("StartChatContact", "connect")).toBeUndefined();
    expect(gate.counts().throttled.get("StartChatContact")).toBe(2);
  });

  it("shares one bucket between operations named together, and gives each other Connect API its own *", () => {
    const gate = new ApiQuotaGate(
      { "SendMessage+SendEvent": { rate: 1, burst: 2 }, "*": { rate: 1, burst: 1 } },
      () => 0,
    );
    expect(gate.admit("SendMessage", "participant")).toBeUndefined();
    expect(gate.admit("SendEvent", "participant")).toBeUndefined();
    expect(gate.admit("SendMessage", "participant")?.errorName).toBe("ThrottlingException");
    expect(gate.admit("DescribeContact", "connect")).toBeUndefined();
    expect(gate.admit("DescribeContact", "connect")?.errorName).toBe("ThrottlingException");
    expect(gate.admit("UpdateContactAttributes", "connect")).toBeUndefined();
    // Participant APIs without a quota, Lambda and the control plane are never limited.
    expect(gate.admit("GetTranscript", "participant")).toBeUndefined();
    expect(gate.admit("Invoke", "lambda")).toBeUndefined();
    expect(gate.admit("emulator:GET /contacts", "connect")).toBeUndefined();
  });

  it("rejects a table with a zero rate or a fractional burst", () => {
    expect(() => new ApiQuotaGate({ GetTranscript: { rate: 0, burst: 1 } })).toThrow();
    expect(() => new ApiQuotaGate({ GetTranscript: { rate: 1, burst: 1.5 } })).toThrow();
  });
});

describe("the emulator under Connect's default quotas, through the official clients", () => {
  let emulator: ConnectEmulator;
  // One attempt: the SDK's own retries would hide the 429s under test.
  const options = (endpoint: string) => ({
    endpoint,
    region: "eu-west-2",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    maxAttempts: 1,
  });
  let connect: ConnectClient;
  let participant: ConnectParticipantClient;

  beforeAll(async () => {
    emulator = await startConnectEmulator({ instance: testInstance });
    connect = new ConnectClient(options(emulator.url));
    participant = new ConnectParticipantClient(options(emulator.url));
  });
  afterAll(() => emulator.close());

  const startChat = () =>
    connect.send(
      new StartChatContactCommand({
        InstanceId,
        ContactFlowId,
        ParticipantDetails: { DisplayName: "Sam" },
      }),
    );

  it("answers the ninth StartChatContact of a burst with 429 ThrottlingException", async () => {
    const settled = await Promise.allSettled(Array.from({ length: 9 }, startChat));
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(8);
    const refused = settled.find((s) => s.status === "rejected");
    const error = (refused as PromiseRejectedResult).reason;
    expect(error.name).toBe("ThrottlingException");
    expect(error.$metadata.httpStatusCode).toBe(429);
    expect(emulator.control.quotas.counts().throttled.get("StartChatContact")).toBe(1);
  });

  it("counts SendMessage and SendEvent against one bucket of 15", async () => {
    // The default burst, with the refill slowed so the run's own pace cannot top it up.
    emulator.control.quotas.configure({
      ...CONNECT_DEFAULT_QUOTAS,
      "SendMessage+SendEvent": { rate: 0.01, burst: 15 },
    });
    const chat = await startChat();
    const connection = await participant.send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: chat.ParticipantToken,
        Type: ["CONNECTION_CREDENTIALS"],
      }),
    );
    const ConnectionToken = connection.ConnectionCredentials?.ConnectionToken ?? "";
    const calls = Array.from({ length: 16 }, (_, n) =>
      n % 2 === 0
        ? participant.send(
            new SendMessageCommand({ ConnectionToken, ContentType: "text/plain", Content: `${n}` }),
          )
        : participant.send(
            new SendEventCommand({
              ConnectionToken,
              ContentType: "application/vnd.amazonaws.connect.event.typing",
            }),
          ),
    );
    const settled = await Promise.allSettled(calls);
    const refused = settled.filter((s) => s.status === "rejected");
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason.name).toBe("ThrottlingException");
  });

  it("takes a new table from the control plane, where `{}` lifts every limit", async () => {
    const put = await fetch(`${emulator.url}/__emulator/quotas`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(put.status).toBe(200);
    const settled = await Promise.allSettled(Array.from({ length: 20 }, startChat));
    expect(settled.every((s) => s.status === "fulfilled")).toBe(true);
    const bad = await fetch(`${emulator.url}/__emulator/quotas`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ GetTranscript: { rate: -1, burst: 3 } }),
    });
    expect(bad.status).toBe(400);
    const shown = (await (await fetch(`${emulator.url}/__emulator/quotas`)).json()) as {
      quotas: unknown;
      throttled: Record<string, number>;
    };
    expect(shown.quotas).toEqual({});
    expect(shown.throttled).toMatchObject({ StartChatContact: 1 });
  });
});
