import { CreateParticipantCommand, StartChatContactCommand } from "@aws-sdk/client-connect";
import { CreateParticipantConnectionCommand } from "@aws-sdk/client-connectparticipant";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DependencyFailedError, InvalidInputError } from "../../core/errors.ts";
import { isForCustomer } from "../../core/relay/chat-item.ts";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { sdkClients, testInstance } from "../../emulators/connect/test-support/clients.ts";
import { ConnectChatNotices } from "./connect-chat-notices.ts";
import { ConnectParticipantService } from "./connect-participant-service.ts";

let emulator: ConnectEmulator;
let clients: ReturnType<typeof sdkClients>;
let notices: ConnectChatNotices;
const InstanceId = testInstance.instanceId;
const ContactFlowId = testInstance.flows[0]?.id ?? "";
/** The customer connections the relay holds, by chat contact id. */
const connections = new Map<string, string>();
const PREFIX = "[Notice] ";

beforeAll(async () => {
  // The API's answers are under test, not the account's quotas (emulators/connect/quotas/api-quotas.test.ts).
  emulator = await startConnectEmulator({
    quotas: "off",
    instance: testInstance,
  });
  clients = sdkClients(emulator.url);
  notices = new ConnectChatNotices({
    chats: new ConnectParticipantService({ participant: clients.participant }),
    connectionToken: async (chatContactId) => {
      const token = connections.get(chatContactId);
      if (!token) throw new Error(`no connection for ${chatContactId}`);
      return token;
    },
    prefix: PREFIX,
  });
});
afterEach(() => emulator.control.faults.set("SendMessage", {}));
afterAll(() => emulator.close());

/** A chat whose customer side the product holds and whose agent (alice) has joined. */
async function chatWithAgent(): Promise<string> {
  const started = await clients.connect.send(
    new StartChatContactCommand({
      InstanceId,
      ContactFlowId,
      ParticipantDetails: { DisplayName: "Sam" },
    }),
  );
  const contactId = started.ContactId ?? "";
  const connection = await clients.participant.send(
    new CreateParticipantConnectionCommand({
      ParticipantToken: started.ParticipantToken,
      Type: ["CONNECTION_CREDENTIALS"],
      ConnectParticipant: true,
    }),
  );
  connections.set(contactId, connection.ConnectionCredentials?.ConnectionToken ?? "");
  const deadline = Date.now() + 3000;
  const offered = () =>
    emulator.control.contacts().find((c) => c.id === contactId)?.state === "CONNECTING";
  while (!offered()) {
    if (Date.now() > deadline) throw new Error("the chat was never offered to alice");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  emulator.control.agentAccept("alice", contactId);
  return contactId;
}

const messages = (contactId: string) =>
  emulator.control.transcript(contactId).filter((item) => item.Type === "MESSAGE");

describe("ConnectChatNotices", () => {
  it("puts the notice in the chat the agent is in, marked as a notice, and the relay keeps it from the customer", async () => {
    const contactId = await chatWithAgent();
    await notices.tellAgent({
      chatContactId: contactId,
      text: "Not delivered to the customer: the customer has opted out of messages.",
      clientToken: "relay-notice#item-1",
    });
    const [notice] = messages(contactId);
    expect(notice?.Content).toBe(
      `${PREFIX}Not delivered to the customer: the customer has opted out of messages.`,
    );
    expect(notice?.ContactId).toBe(contactId);
    expect(
      isForCustomer({
        id: notice?.Id ?? "",
        type: "MESSAGE",
        contentType: "text/plain",
        participantRole: notice?.ParticipantRole ?? "SYSTEM",
        contactId,
        visibility: "ALL",
      }),
    ).toBe(false);
    emulator.control.agentEnd("alice", contactId);
  });

  it("lands a retried notice once when it carries the same client token", async () => {
    const contactId = await chatWithAgent();
    const notice = { chatContactId: contactId, text: "first", clientToken: "relay-notice#item-2" };
    await notices.tellAgent(notice);
    await notices.tellAgent(notice);
    await notices.tellAgent({ ...notice, text: "second", clientToken: "relay-notice#item-3" });
    expect(messages(contactId).map((m) => m.Content)).toEqual([
      `${PREFIX}first`,
      `${PREFIX}second`,
    ]);
    emulator.control.agentEnd("alice", contactId);
  });

  it("shortens a notice to Connect's 1,024-character message limit", async () => {
    const contactId = await chatWithAgent();
    await notices.tellAgent({
      chatContactId: contactId,
      text: "x".repeat(2000),
      clientToken: "relay-notice#item-4",
    });
    const content = messages(contactId)[0]?.Content ?? "";
    expect(content.length).toBe(1024);
    expect(content.endsWith("…")).toBe(true);
    emulator.control.agentEnd("alice", contactId);
  });

  it("reports throttling as a retryable DependencyFailedError, and the retry lands", async () => {
    const contactId = await chatWithAgent();
    emulator.control.faults.set("SendMessage", { throttleTimes: 10 });
    const notice = { chatContactId: contactId, text: "later", clientToken: "relay-notice#item-5" };
    const failure = await notices.tellAgent(notice).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DependencyFailedError);
    expect((failure as DependencyFailedError).details).toMatchObject({ retryable: true });
    emulator.control.faults.set("SendMessage", {});
    await notices.tellAgent(notice);
    expect(messages(contactId).map((m) => m.Content)).toEqual([`${PREFIX}later`]);
    emulator.control.agentEnd("alice", contactId);
  });

  it("refuses a notice for a chat that has ended as InvalidInputError", async () => {
    const contactId = await chatWithAgent();
    emulator.control.agentEnd("alice", contactId);
    await expect(
      notices.tellAgent({ chatContactId: contactId, text: "late", clientToken: "n-6" }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("could not use a custom bot instead: Connect adds none while the agent is in the chat", async () => {
    const contactId = await chatWithAgent();
    await expect(
      clients.connect.send(
        new CreateParticipantCommand({
          InstanceId,
          ContactId: contactId,
          ParticipantDetails: { ParticipantRole: "CUSTOM_BOT", DisplayName: "Notices" },
        }),
      ),
    ).rejects.toMatchObject({ name: "ConflictException" });
    emulator.control.agentEnd("alice", contactId);
  });
});
