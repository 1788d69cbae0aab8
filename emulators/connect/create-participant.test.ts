import {
  CreateParticipantCommand,
  type CreateParticipantCommandInput,
  StartChatContactCommand,
  StartContactStreamingCommand,
} from "@aws-sdk/client-connect";
import {
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  GetTranscriptCommand,
  SendMessageCommand,
} from "@aws-sdk/client-connectparticipant";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ConnectEmulator, startConnectEmulator } from "./connect-emulator.ts";
import { sdkClients, testInstance } from "./test-support/clients.ts";
import { type SnsSubscriber, subscribeOverHttp } from "./test-support/sns-subscriber.ts";

const InstanceId = testInstance.instanceId;
const ContactFlowId = testInstance.flows[0]?.id ?? "";
const topicArn = "arn:aws:sns:eu-west-2:111122223333:bot-stream";

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
// Chats left waiting would be offered to the only agent before the next test's chat.
const openChats: string[] = [];
afterEach(() => {
  for (const contactId of openChats.splice(0)) {
    const contact = emulator.control.contacts().find((c) => c.id === contactId);
    if (contact && ["IN_FLOW", "QUEUED", "CONNECTING", "CONNECTED"].includes(contact.state)) {
      emulator.control.hangUp(contactId);
    }
  }
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
      Type: ["CONNECTION_CREDENTIALS"],
      ConnectParticipant: true,
    }),
  );
  openChats.push(started.ContactId ?? "");
  return {
    contactId: started.ContactId ?? "",
    connectionToken: connection.ConnectionCredentials?.ConnectionToken ?? "",
  };
}

/** Waits for the chat to be offered to alice (after any earlier chat), then accepts it. */
async function agentJoins(contactId: string) {
  const started = Date.now();
  const offered = () =>
    emulator.control.contacts().find((c) => c.id === contactId)?.state === "CONNECTING";
  while (!offered()) {
    if (Date.now() - started > 3000) throw new Error(`chat ${contactId} was never offered`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  emulator.control.agentAccept("alice", contactId);
}

const addBot = (ContactId: string, extra: Partial<CreateParticipantCommandInput> = {}) =>
  clients.connect.send(
    new CreateParticipantCommand({
      InstanceId,
      ContactId,
      ParticipantDetails: { ParticipantRole: "CUSTOM_BOT", DisplayName: "Notices" },
      ...extra,
    }),
  );

async function connectBot(participantToken: string | undefined) {
  const connection = await clients.participant.send(
    new CreateParticipantConnectionCommand({
      ParticipantToken: participantToken,
      Type: ["CONNECTION_CREDENTIALS"],
      ConnectParticipant: true,
    }),
  );
  return connection.ConnectionCredentials?.ConnectionToken ?? "";
}

const botSays = (ConnectionToken: string, Content: string) =>
  clients.participant.send(
    new SendMessageCommand({ ConnectionToken, ContentType: "text/plain", Content }),
  );

async function transcriptOf(ConnectionToken: string) {
  const page = await clients.participant.send(
    new GetTranscriptCommand({ ConnectionToken, SortOrder: "ASCENDING", MaxResults: 100 }),
  );
  return page.Transcript ?? [];
}

describe("CreateParticipant", () => {
  it("adds a custom bot whose messages reach the transcript and the stream as CUSTOM_BOT", async () => {
    const chat = await customerChat();
    await clients.connect.send(
      new StartContactStreamingCommand({
        InstanceId,
        ContactId: chat.contactId,
        ChatStreamingConfiguration: { StreamingEndpointArn: topicArn },
      }),
    );
    const bot = await addBot(chat.contactId);
    expect(bot.ParticipantId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(bot.ParticipantCredentials?.Expiry ?? "")).toBeGreaterThan(Date.now());
    const sent = await botSays(
      await connectBot(bot.ParticipantCredentials?.ParticipantToken),
      "hello from the bot",
    );

    const items = await transcriptOf(chat.connectionToken);
    const said = items.find((item) => item.Id === sent.Id);
    expect(said).toMatchObject({
      Type: "MESSAGE",
      Content: "hello from the bot",
      ParticipantRole: "CUSTOM_BOT",
      DisplayName: "Notices",
      ParticipantId: bot.ParticipantId,
    });
    expect(items.some((i) => i.ParticipantRole === "CUSTOM_BOT" && i.Type === "EVENT")).toBe(true);
    await emulator.control.flushStreaming();
    const envelope = sns
      .deliveries()
      .find(({ body }) => body.Message.includes(sent.Id ?? "?"))?.body;
    expect(envelope?.MessageAttributes.ParticipantRole?.Value).toBe("CUSTOM_BOT");

    await agentJoins(chat.contactId);
    const agentView = emulator.control.transcript(chat.contactId);
    expect(agentView.find((item) => item.Id === sent.Id)?.Content).toBe("hello from the bot");
    emulator.control.agentEnd("alice", chat.contactId);
  });

  it("returns the same participant for a repeated ClientToken, and refuses it with other details", async () => {
    const chat = await customerChat();
    const first = await addBot(chat.contactId, { ClientToken: "bot-1" });
    const again = await addBot(chat.contactId, { ClientToken: "bot-1" });
    expect(again.ParticipantId).toBe(first.ParticipantId);
    expect(again.ParticipantCredentials).toEqual(first.ParticipantCredentials);
    await expect(
      addBot(chat.contactId, {
        ClientToken: "bot-1",
        ParticipantDetails: { ParticipantRole: "CUSTOM_BOT", DisplayName: "Other" },
      }),
    ).rejects.toMatchObject({ name: "IdempotencyException" });
  });

  it("accepts only CUSTOM_BOT and a display name, as InvalidRequestException", async () => {
    const chat = await customerChat();
    await expect(
      addBot(chat.contactId, {
        ParticipantDetails: { ParticipantRole: "AGENT", DisplayName: "Mallory" },
      }),
    ).rejects.toMatchObject({
      name: "InvalidRequestException",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      addBot(chat.contactId, { ParticipantDetails: { ParticipantRole: "CUSTOM_BOT" } }),
    ).rejects.toMatchObject({ name: "InvalidRequestException" });
  });

  it("refuses unknown and ended contacts with ResourceNotFoundException, and voice contacts", async () => {
    await expect(addBot("no-such-contact")).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      $metadata: { httpStatusCode: 404 },
    });
    const voice = emulator.control.placeVoiceCall({});
    await expect(addBot(voice.id)).rejects.toMatchObject({ name: "InvalidRequestException" });
    const chat = await customerChat();
    await agentJoins(chat.contactId);
    emulator.control.agentEnd("alice", chat.contactId);
    await expect(addBot(chat.contactId)).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });

  it("refuses a bot while an agent or another bot is in the chat, and takes one after the bot leaves", async () => {
    const chat = await customerChat();
    const bot = await addBot(chat.contactId);
    const botConnection = await connectBot(bot.ParticipantCredentials?.ParticipantToken);
    await expect(addBot(chat.contactId)).rejects.toMatchObject({
      name: "ConflictException",
      $metadata: { httpStatusCode: 409 },
    });
    await clients.participant.send(
      new DisconnectParticipantCommand({ ConnectionToken: botConnection }),
    );
    const next = await addBot(chat.contactId);
    expect(next.ParticipantId).not.toBe(bot.ParticipantId);

    await agentJoins(chat.contactId);
    await expect(addBot(chat.contactId)).rejects.toMatchObject({ name: "ConflictException" });
    emulator.control.agentEnd("alice", chat.contactId);
  });

  it("disconnects the bot when an agent joins", async () => {
    const chat = await customerChat();
    const bot = await addBot(chat.contactId);
    const connection = await connectBot(bot.ParticipantCredentials?.ParticipantToken);
    await agentJoins(chat.contactId);
    const left = emulator.control
      .transcript(chat.contactId)
      .filter((item) => item.ContentType.endsWith("participant.left"));
    expect(left.map((item) => item.ParticipantRole)).toEqual(["CUSTOM_BOT"]);
    await expect(botSays(connection, "too late")).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
    emulator.control.agentEnd("alice", chat.contactId);
  });
});
