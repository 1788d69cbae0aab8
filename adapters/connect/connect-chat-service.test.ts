import { DescribeContactCommand, GetContactAttributesCommand } from "@aws-sdk/client-connect";
import { GetTranscriptCommand } from "@aws-sdk/client-connectparticipant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DependencyFailedError, InvalidInputError } from "../../core/errors.ts";
import type { TranscriptEntry } from "../../core/ports/chat-service.ts";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { sdkClients, testInstance } from "../../emulators/connect/test-support/clients.ts";
import { ConnectChatService } from "./connect-chat-service.ts";

let emulator: ConnectEmulator;
let clients: ReturnType<typeof sdkClients>;
let service: ConnectChatService;
const instanceId = testInstance.instanceId;
const contactFlowId = testInstance.flows[0]?.id ?? "";
const TOPIC = "arn:aws:sns:eu-west-2:111122223333:deflect-relay";

beforeAll(async () => {
  // The adapter's answers are under test, not the account's quotas (paced-calls.test.ts).
  emulator = await startConnectEmulator({ instance: testInstance, quotas: "off" });
  clients = sdkClients(emulator.url);
  service = new ConnectChatService({ connect: clients.connect, participant: clients.participant });
});
afterAll(() => emulator.close());

const baseChat = (clientToken: string) => ({
  instanceId,
  contactFlowId,
  displayName: "Sam",
  attributes: { channel: "whatsapp" },
  clientToken,
});

async function transcript(connectionToken: string, contactId: string) {
  const page = await clients.participant.send(
    new GetTranscriptCommand({
      ConnectionToken: connectionToken,
      ContactId: contactId,
      MaxResults: 100,
      SortOrder: "ASCENDING",
    }),
  );
  return page.Transcript ?? [];
}

describe("ConnectChatService", () => {
  it("starts a chat linked to the voice contact, with attributes and the first message", async () => {
    const voice = emulator.control.placeVoiceCall({ attributes: { ivr: "billing" } });
    const chat = await service.startChat({
      ...baseChat("start-1"),
      relatedContactId: voice.id,
      initialMessage: "Hello there",
    });
    const described = await clients.connect.send(
      new DescribeContactCommand({ InstanceId: instanceId, ContactId: chat.contactId }),
    );
    expect(described.Contact?.RelatedContactId).toBe(voice.id);
    const attributes = await clients.connect.send(
      new GetContactAttributesCommand({ InstanceId: instanceId, InitialContactId: chat.contactId }),
    );
    expect(attributes.Attributes).toMatchObject({ channel: "whatsapp", ivr: "billing" });
    expect(emulator.control.transcript(chat.contactId).map((i) => i.Content)).toContain(
      "Hello there",
    );
  });

  it("returns the same chat for a retried start with the same client token", async () => {
    const first = await service.startChat(baseChat("start-2"));
    const again = await service.startChat(baseChat("start-2"));
    expect(again.contactId).toBe(first.contactId);
  });

  it("continues an earlier chat with PersistentChat instead of RelatedContactId", async () => {
    const voice = emulator.control.placeVoiceCall({});
    const first = await service.startChat({ ...baseChat("start-3"), initialMessage: "earlier" });
    const firstConnection = await service.connect({
      participantToken: first.participantToken,
      websocket: false,
    });
    await service.disconnect({ connectionToken: firstConnection.connectionToken });
    const second = await service.startChat({
      ...baseChat("start-4"),
      relatedContactId: voice.id,
      previousChatContactId: first.contactId,
    });
    const connection = await service.connect({
      participantToken: second.participantToken,
      websocket: false,
    });
    const earlier = await transcript(connection.connectionToken, first.contactId);
    expect(earlier.some((item) => item.Content === "earlier")).toBe(true);
    // The voice contact is dropped from the request; the new chat shows its source instead.
    const described = await clients.connect.send(
      new DescribeContactCommand({ InstanceId: instanceId, ContactId: second.contactId }),
    );
    expect(described.Contact?.RelatedContactId).toBe(first.contactId);
  });

  it("connects the customer, sends messages once per client token, and streams", async () => {
    const chat = await service.startChat(baseChat("start-5"));
    const connection = await service.connect({
      participantToken: chat.participantToken,
      websocket: true,
    });
    expect(connection.connectionExpiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(connection.websocketUrl).toMatch(/^wss?:\/\//);
    await service.startStreaming({
      instanceId,
      contactId: chat.contactId,
      topicArn: TOPIC,
      clientToken: "s-1",
    });
    const sent = await service.sendMessage({
      connectionToken: connection.connectionToken,
      content: "**context**",
      contentType: "text/markdown",
      clientToken: "m-1",
    });
    const retried = await service.sendMessage({
      connectionToken: connection.connectionToken,
      content: "**context**",
      contentType: "text/markdown",
      clientToken: "m-1",
    });
    expect(retried.id).toBe(sent.id);
    await service.sendEvent({
      connectionToken: connection.connectionToken,
      contentType: "application/vnd.amazonaws.connect.event.typing",
    });
    const items = await transcript(connection.connectionToken, chat.contactId);
    expect(items.filter((item) => item.Content === "**context**")).toHaveLength(1);
  });

  it("reads the transcript oldest first, in pages, from just after a given item", async () => {
    const chat = await service.startChat({ ...baseChat("start-8"), initialMessage: "first" });
    const { connectionToken } = await service.connect({
      participantToken: chat.participantToken,
      websocket: false,
    });
    for (let n = 1; n <= 120; n += 1) {
      await service.sendMessage({
        connectionToken,
        content: `m${n}`,
        contentType: "text/plain",
        clientToken: `page-${n}`,
      });
    }
    const read = async (after?: string) => {
      const entries: TranscriptEntry[] = [];
      let nextToken: string | undefined;
      do {
        const page = await service.getTranscript({
          connectionToken,
          contactId: chat.contactId,
          ...(after ? { after } : {}),
          ...(nextToken ? { nextToken } : {}),
        });
        entries.push(...page.entries);
        nextToken = page.nextToken;
      } while (nextToken);
      return entries;
    };
    const texts = (entries: TranscriptEntry[]) =>
      entries.filter((e) => e.type === "MESSAGE").map((e) => e.content);
    const numbered = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`);
    const all = await read();
    expect(texts(all)).toEqual(["first", ...numbered(1, 120)]);
    const m100 = all.find((entry) => entry.content === "m100")?.id;
    expect(texts(await read(m100))).toEqual(numbered(101, 120));
  });

  it("reports refused input as InvalidInputError and throttling as a retryable failure", async () => {
    const refused = await service
      .startChat({ ...baseChat("start-6"), contactFlowId: "missing" })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).details.vendorCode).toBe("ResourceNotFoundException");
    emulator.control.setFault("StartChatContact", { throttleRate: 1 });
    try {
      const throttled = await service.startChat(baseChat("start-7")).catch((e: unknown) => e);
      expect(throttled).toBeInstanceOf(DependencyFailedError);
      expect((throttled as DependencyFailedError).details.retryable).toBe(true);
    } finally {
      emulator.control.faults.clear("StartChatContact");
    }
  });
});
