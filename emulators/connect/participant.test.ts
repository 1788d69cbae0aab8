import {
  StartChatContactCommand,
  StartContactStreamingCommand,
  StopContactStreamingCommand,
} from "@aws-sdk/client-connect";
import {
  CompleteAttachmentUploadCommand,
  CreateParticipantConnectionCommand,
  GetAttachmentCommand,
  GetTranscriptCommand,
  SendEventCommand,
  SendMessageCommand,
  StartAttachmentUploadCommand,
} from "@aws-sdk/client-connectparticipant";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { ManualClock } from "../shared-http/clock.ts";
import { type ConnectEmulator, startConnectEmulator } from "./connect-emulator.ts";
import { sdkClients, testInstance } from "./test-support/clients.ts";
import { type SnsSubscriber, subscribeOverHttp } from "./test-support/sns-subscriber.ts";

const InstanceId = testInstance.instanceId;
const ContactFlowId = testInstance.flows[0]?.id ?? "";
const topicArn = "arn:aws:sns:eu-west-2:111122223333:chat-stream";

let emulator: ConnectEmulator;
let clients: ReturnType<typeof sdkClients>;
let sns: SnsSubscriber;

beforeAll(async () => {
  // The API's answers are under test, not the account's quotas (quotas/api-quotas.test.ts).
  emulator = await startConnectEmulator({
    quotas: "off",
    instance: testInstance,
  });
  clients = sdkClients(emulator.url);
  sns = await subscribeOverHttp(emulator, topicArn);
});
afterAll(async () => {
  await emulator.close();
  await sns.close();
});

async function customerChat() {
  const started = await clients.connect.send(
    new StartChatContactCommand({
      InstanceId,
      ContactFlowId,
      ParticipantDetails: { DisplayName: "Sam" },
    }),
  );
  const connection = await clients.participant.send(
    new CreateParticipantConnectionCommand({
      ParticipantToken: started.ParticipantToken,
      Type: ["WEBSOCKET", "CONNECTION_CREDENTIALS"],
    }),
  );
  return {
    contactId: started.ContactId ?? "",
    connectionToken: connection.ConnectionCredentials?.ConnectionToken ?? "",
    websocketUrl: connection.Websocket?.Url ?? "",
  };
}

function openSocket(url: string) {
  const frames: Record<string, unknown>[] = [];
  const socket = new WebSocket(url);
  socket.on("message", (data) => frames.push(JSON.parse(String(data))));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return { socket, frames, opened };
}

describe("customer and agent over the websocket and streaming", () => {
  it("delivers the same items, in the same order and with the same ids, as GetTranscript", async () => {
    const chat = await customerChat();
    const { StreamingId } = await clients.connect.send(
      new StartContactStreamingCommand({
        InstanceId,
        ContactId: chat.contactId,
        ChatStreamingConfiguration: { StreamingEndpointArn: topicArn },
      }),
    );
    const ws = openSocket(chat.websocketUrl);
    await ws.opened;
    ws.socket.send(JSON.stringify({ topic: "aws/subscribe", content: { topics: ["aws/chat"] } }));
    ws.socket.send(JSON.stringify({ topic: "aws/ping" }));
    ws.socket.send(JSON.stringify({ topic: "aws/heartbeat" }));
    await vi.waitFor(() => expect(ws.frames.length).toBeGreaterThanOrEqual(3));
    expect(ws.frames.slice(0, 3)).toEqual([
      { topic: "aws/subscribe", content: { status: "success", topics: ["aws/chat"] } },
      { topic: "aws/ping", statusCode: 200, statusContent: "OK" },
      { topic: "aws/heartbeat" },
    ]);

    emulator.control.agentAccept("alice", chat.contactId);
    const ConnectionToken = chat.connectionToken;
    await clients.participant.send(
      new SendMessageCommand({
        ConnectionToken,
        ContentType: "text/plain",
        Content: "Hi, my parcel is late",
      }),
    );
    emulator.control.agentSend("alice", chat.contactId, "Sorry to hear that, let me check");
    await clients.participant.send(
      new SendMessageCommand({
        ConnectionToken,
        ContentType: "text/markdown",
        Content: "**Thanks**",
      }),
    );
    emulator.control.agentEnd("alice", chat.contactId);
    await vi.waitFor(() =>
      expect(ws.frames.some((f) => String(f.content).includes("chat.ended"))).toBe(true),
    );

    const socketItems = ws.frames
      .filter((f) => f.topic === "aws/chat")
      .map((f) => JSON.parse(String(f.content)));
    await emulator.control.flushStreaming();
    const received = sns.deliveries();
    const streamed = received
      .filter(
        (r) => r.body.TopicArn === topicArn && String(r.body.Message).includes(chat.contactId),
      )
      .map((r) => JSON.parse(String(r.body.Message)));
    const transcript = await clients.participant.send(
      new GetTranscriptCommand({
        ConnectionToken,
        SortOrder: "ASCENDING",
        ScanDirection: "FORWARD",
        MaxResults: 100,
        StartPosition: { MostRecent: 99 },
      }),
    );
    const ids = (transcript.Transcript ?? []).map((item) => item.Id);
    const messages = (transcript.Transcript ?? []).filter((item) => item.Type === "MESSAGE");
    expect(messages.map((m) => [m.ParticipantRole, m.Content])).toEqual([
      ["CUSTOMER", "Hi, my parcel is late"],
      ["AGENT", "Sorry to hear that, let me check"],
      ["CUSTOMER", "**Thanks**"],
    ]);
    // The socket and the stream join after the customer's own joined event.
    expect(socketItems.map((item) => item.Id)).toEqual(ids.slice(ids.length - socketItems.length));
    expect(streamed.map((item) => item.Id)).toEqual(ids.slice(ids.length - streamed.length));
    expect(streamed.length).toBe(socketItems.length);
    const agentEnvelope = received.find((r) => String(r.body.Message).includes("let me check"));
    expect(agentEnvelope?.headers["x-amz-sns-message-type"]).toBe("Notification");
    expect(agentEnvelope?.body).toMatchObject({
      Type: "Notification",
      SignatureVersion: "1",
      MessageAttributes: {
        ParticipantRole: { Type: "String", Value: "AGENT" },
        ContactId: { Type: "String", Value: chat.contactId },
        InstanceId: { Type: "String", Value: InstanceId },
        Type: { Type: "String", Value: "MESSAGE" },
        MessageVisibility: { Type: "String", Value: "ALL" },
      },
    });
    await expect(
      clients.connect.send(
        new StopContactStreamingCommand({ InstanceId, ContactId: chat.contactId, StreamingId }),
      ),
    ).resolves.toBeDefined();
  });
});

describe("participant API", () => {
  it("enforces the SendMessage content types and the 1,024-character text limit", async () => {
    const { connectionToken: ConnectionToken } = await customerChat();
    const send = (ContentType: string, Content: string) =>
      clients.participant.send(new SendMessageCommand({ ConnectionToken, ContentType, Content }));
    await expect(send("text/plain", "x".repeat(1024))).resolves.toHaveProperty("Id");
    await expect(send("text/plain", "x".repeat(1025))).rejects.toMatchObject({
      name: "ValidationException",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      send("application/json", JSON.stringify({ a: "x".repeat(5000) })),
    ).resolves.toHaveProperty("AbsoluteTime");
    await expect(send("image/png", "x")).rejects.toMatchObject({ name: "ValidationException" });
  });

  it("pages GetTranscript backward from the newest item by default", async () => {
    const { connectionToken: ConnectionToken } = await customerChat();
    for (let i = 1; i <= 5; i++) {
      await clients.participant.send(
        new SendMessageCommand({ ConnectionToken, ContentType: "text/plain", Content: `m${i}` }),
      );
    }
    const first = await clients.participant.send(
      new GetTranscriptCommand({ ConnectionToken, MaxResults: 3 }),
    );
    expect(first.Transcript?.map((i) => i.Content)).toEqual(["m5", "m4", "m3"]);
    const second = await clients.participant.send(
      new GetTranscriptCommand({ ConnectionToken, MaxResults: 3, NextToken: first.NextToken }),
    );
    expect(second.Transcript?.map((i) => i.Content ?? i.ContentType)).toEqual([
      "m2",
      "m1",
      "application/vnd.amazonaws.connect.event.participant.joined",
    ]);
    expect(second.NextToken).toBeUndefined();
  });

  it("records typing and read receipts with SendEvent", async () => {
    const { connectionToken: ConnectionToken } = await customerChat();
    const sent = await clients.participant.send(
      new SendMessageCommand({ ConnectionToken, ContentType: "text/plain", Content: "read me" }),
    );
    await clients.participant.send(
      new SendEventCommand({
        ConnectionToken,
        ContentType: "application/vnd.amazonaws.connect.event.typing",
      }),
    );
    await clients.participant.send(
      new SendEventCommand({
        ConnectionToken,
        ContentType: "application/vnd.amazonaws.connect.event.message.read",
        Content: JSON.stringify({ messageId: sent.Id }),
      }),
    );
    const transcript = await clients.participant.send(
      new GetTranscriptCommand({ ConnectionToken }),
    );
    const message = transcript.Transcript?.find((item) => item.Id === sent.Id);
    expect(message?.MessageMetadata?.Receipts?.[0]?.ReadTimestamp).toBeTruthy();
    expect(transcript.Transcript?.some((item) => item.ContentType?.endsWith("typing"))).toBe(false);
  });

  it("uploads, completes and fetches an attachment", async () => {
    const { contactId, connectionToken: ConnectionToken } = await customerChat();
    const bytes = Buffer.from("%PDF-1.4 test");
    const started = await clients.participant.send(
      new StartAttachmentUploadCommand({
        ConnectionToken,
        ContentType: "application/pdf",
        AttachmentSizeInBytes: bytes.length,
        AttachmentName: "receipt.pdf",
      }),
    );
    const upload = started.UploadMetadata;
    const put = await fetch(upload?.Url ?? "", {
      method: "PUT",
      headers: upload?.HeadersToInclude ?? {},
      body: bytes,
    });
    expect(put.status).toBe(200);
    await clients.participant.send(
      new CompleteAttachmentUploadCommand({
        ConnectionToken,
        AttachmentIds: [started.AttachmentId ?? ""],
      }),
    );
    const item = emulator.control.transcript(contactId).find((i) => i.Type === "ATTACHMENT");
    expect(item?.Attachments?.[0]).toMatchObject({
      AttachmentName: "receipt.pdf",
      Status: "APPROVED",
    });
    const got = await clients.participant.send(
      new GetAttachmentCommand({ ConnectionToken, AttachmentId: started.AttachmentId }),
    );
    expect(got.AttachmentSizeInBytes).toBe(bytes.length);
    expect(Buffer.from(await (await fetch(got.Url ?? "")).arrayBuffer())).toEqual(bytes);
  });

  it("retries a throttled SendMessage and succeeds on the third attempt", async () => {
    const { connectionToken: ConnectionToken } = await customerChat();
    emulator.control.resetCallCounts();
    emulator.control.setFault("SendMessage", { throttleTimes: 2 });
    const sent = await clients.participant.send(
      new SendMessageCommand({ ConnectionToken, ContentType: "text/plain", Content: "eventually" }),
    );
    expect(sent.Id).toBeTruthy();
    expect(emulator.control.callCounts().SendMessage).toBe(3);
  });

  it("surfaces ThrottlingException with status 429 once retries run out", async () => {
    const { connectionToken: ConnectionToken } = await customerChat();
    emulator.control.setFault("SendMessage", { throttleRate: 1 });
    await expect(
      clients.participant.send(
        new SendMessageCommand({ ConnectionToken, ContentType: "text/plain", Content: "no" }),
      ),
    ).rejects.toMatchObject({
      name: "ThrottlingException",
      $metadata: { httpStatusCode: 429, attempts: 3 },
    });
    emulator.control.faults.clear();
  });

  it("drops websockets on demand", async () => {
    const chat = await customerChat();
    const ws = openSocket(chat.websocketUrl);
    await ws.opened;
    const closed = new Promise<number>((resolve) =>
      ws.socket.once("close", (code) => resolve(code)),
    );
    expect(emulator.control.dropWebsockets({ contactId: chat.contactId })).toBe(1);
    expect(await closed).toBe(1006);
  });
});

describe("token lifetimes", () => {
  it("denies an expired connection token with AccessDeniedException", async () => {
    const clock = new ManualClock();
    const local = await startConnectEmulator({
      quotas: "off",
      instance: testInstance,
      clock,
    });
    try {
      const localClients = sdkClients(local.url);
      const started = await localClients.connect.send(
        new StartChatContactCommand({
          InstanceId,
          ContactFlowId,
          ParticipantDetails: { DisplayName: "Sam" },
          ChatDurationInMinutes: 10_080,
        }),
      );
      const connection = await localClients.participant.send(
        new CreateParticipantConnectionCommand({
          ParticipantToken: started.ParticipantToken,
          Type: ["CONNECTION_CREDENTIALS"],
        }),
      );
      const ConnectionToken = connection.ConnectionCredentials?.ConnectionToken;
      expect(connection.ConnectionCredentials?.Expiry).toBe(
        new Date(clock.now() + 86_400_000).toISOString(),
      );
      clock.advance(86_400_000);
      await expect(
        localClients.participant.send(
          new SendMessageCommand({ ConnectionToken, ContentType: "text/plain", Content: "late" }),
        ),
      ).rejects.toMatchObject({
        name: "AccessDeniedException",
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      await local.close();
    }
  });

  it("ends a chat whose customer does not connect within five minutes", async () => {
    const clock = new ManualClock();
    const local = await startConnectEmulator({
      quotas: "off",
      instance: testInstance,
      clock,
    });
    try {
      const localClients = sdkClients(local.url);
      const started = await localClients.connect.send(
        new StartChatContactCommand({
          InstanceId,
          ContactFlowId,
          ParticipantDetails: { DisplayName: "Sam" },
        }),
      );
      clock.advance(5 * 60 * 1000);
      await expect(
        localClients.participant.send(
          new CreateParticipantConnectionCommand({
            ParticipantToken: started.ParticipantToken,
            Type: ["WEBSOCKET"],
          }),
        ),
      ).rejects.toMatchObject({ name: "AccessDeniedException" });
      const contact = local.control.contacts().find((c) => c.id === started.ContactId);
      expect(contact?.disconnectReason).toBe("CUSTOMER_CONNECTION_NOT_ESTABLISHED");
    } finally {
      await local.close();
    }
  });
});
