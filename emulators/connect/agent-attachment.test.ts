import { StartChatContactCommand, StartContactStreamingCommand } from "@aws-sdk/client-connect";
import {
  CreateParticipantConnectionCommand,
  GetAttachmentCommand,
  GetTranscriptCommand,
} from "@aws-sdk/client-connectparticipant";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../shared-http/clock.ts";
import { type ConnectEmulator, startConnectEmulator } from "./connect-emulator.ts";
import { sdkClients, testInstance } from "./test-support/clients.ts";
import { type SnsSubscriber, subscribeOverHttp } from "./test-support/sns-subscriber.ts";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const TOPIC = "arn:aws:sns:eu-west-2:111122223333:agent-files";

let emulator: ConnectEmulator;
let clients: ReturnType<typeof sdkClients>;
let sns: SnsSubscriber;
const clock = new ManualClock();
/** Alice takes one chat at a time: each test's chat ends after it. */
const openChats: string[] = [];

beforeAll(async () => {
  emulator = await startConnectEmulator({ instance: testInstance, quotas: "off", clock });
  clients = sdkClients(emulator.url);
  sns = await subscribeOverHttp(emulator, TOPIC);
});
afterEach(() => {
  for (const contactId of openChats.splice(0)) emulator.control.agentEnd("alice", contactId);
  // Past the agent's after-contact work, so the next chat can be offered to her.
  clock.advance(10 * 60_000);
});
afterAll(async () => {
  await emulator.close();
  await sns.close();
});

/** A streamed chat with the customer connected and agent alice on it. */
async function chatWithAgent() {
  const started = await clients.connect.send(
    new StartChatContactCommand({
      InstanceId: testInstance.instanceId,
      ContactFlowId: testInstance.flows[0]?.id ?? "",
      ParticipantDetails: { DisplayName: "Sam" },
    }),
  );
  const contactId = started.ContactId ?? "";
  await clients.connect.send(
    new StartContactStreamingCommand({
      InstanceId: testInstance.instanceId,
      ContactId: contactId,
      ChatStreamingConfiguration: { StreamingEndpointArn: TOPIC },
    }),
  );
  const connection = await clients.participant.send(
    new CreateParticipantConnectionCommand({
      ParticipantToken: started.ParticipantToken,
      Type: ["CONNECTION_CREDENTIALS"],
      ConnectParticipant: true,
    }),
  );
  emulator.control.setAgentStatus("alice", "Available");
  emulator.control.agentAccept("alice", contactId);
  openChats.push(contactId);
  return { contactId, connectionToken: connection.ConnectionCredentials?.ConnectionToken ?? "" };
}

/** The agent control route, as the sandbox console and tests call it. */
async function agentAttaches(
  contactId: string,
  file: { name: string; type: string; bytes: Buffer },
) {
  const response = await fetch(`${emulator.url}/__emulator/agents/alice/attachments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      contactId,
      fileName: file.name,
      contentType: file.type,
      contentBase64: file.bytes.toString("base64"),
    }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, string> };
}

describe("an agent's attachment in a chat", () => {
  it("appears as an ATTACHMENT item from the agent in the transcript and in the stream", async () => {
    const chat = await chatWithAgent();
    const sent = await agentAttaches(chat.contactId, {
      name: "receipt.png",
      type: "image/png",
      bytes: PNG,
    });
    expect(sent.status).toBe(200);
    const page = await clients.participant.send(
      new GetTranscriptCommand({
        ConnectionToken: chat.connectionToken,
        ContactId: chat.contactId,
      }),
    );
    const item = page.Transcript?.find((i) => i.Type === "ATTACHMENT");
    expect(item).toMatchObject({
      Id: sent.json.itemId,
      ParticipantRole: "AGENT",
      ContentType: "image/png",
      Attachments: [
        {
          AttachmentId: sent.json.attachmentId,
          AttachmentName: "receipt.png",
          ContentType: "image/png",
          Status: "APPROVED",
        },
      ],
    });
    await emulator.control.flushStreaming();
    const envelope = sns
      .deliveries()
      .find(({ body }) => JSON.parse(body.Message).Id === sent.json.itemId)?.body;
    expect(JSON.parse(envelope?.Message ?? "{}")).toMatchObject({
      Type: "ATTACHMENT",
      Attachments: item?.Attachments,
    });
    // The SNS payload page lists EVENT and MESSAGE as the Type attribute's values.
    expect(envelope?.MessageAttributes.Type?.Value).toBe("MESSAGE");
  });

  it("is downloadable by the customer from GetAttachment's link until the link expires", async () => {
    const chat = await chatWithAgent();
    const { json } = await agentAttaches(chat.contactId, {
      name: "r.png",
      type: "image/png",
      bytes: PNG,
    });
    const link = await clients.participant.send(
      new GetAttachmentCommand({
        ConnectionToken: chat.connectionToken,
        AttachmentId: json.attachmentId,
        UrlExpiryInSeconds: 60,
      }),
    );
    expect(link.AttachmentSizeInBytes).toBe(PNG.length);
    const served = await fetch(link.Url ?? "");
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    const tampered = await fetch((link.Url ?? "").replace(/X-Amz-Expires=60/, "X-Amz-Expires=600"));
    expect(tampered.status).toBe(403);
    clock.advance(61_000);
    const expired = await fetch(link.Url ?? "");
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("<Message>Request has expired</Message>");
  });

  it("is refused for a type Connect chats do not take, and for an agent not on the chat", async () => {
    const chat = await chatWithAgent();
    const video = await agentAttaches(chat.contactId, {
      name: "clip.mp4",
      type: "video/mp4",
      bytes: Buffer.from([0, 0, 0, 24]),
    });
    expect(video.status).toBe(400);
    expect(video.json.message).toMatch(/not allowed/);
    const elsewhere = await agentAttaches("00000000-0000-0000-0000-000000000000", {
      name: "r.png",
      type: "image/png",
      bytes: PNG,
    });
    expect(elsewhere.status).toBe(404);
  });
});
