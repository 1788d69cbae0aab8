import { StartChatContactCommand } from "@aws-sdk/client-connect";
import {
  CreateParticipantConnectionCommand,
  GetTranscriptCommand,
  SendMessageCommand,
} from "@aws-sdk/client-connectparticipant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../shared-http/clock.ts";
import { type ConnectEmulator, startConnectEmulator } from "./connect-emulator.ts";
import { sdkClients } from "./test-support/clients.ts";

const InstanceId = "33333333-0000-0000-0000-000000000003";
const ASK = "Type 1 for billing or 2 for support.";

// A chat flow: ask which team, set the queue from the answer, confirm, and queue the chat.
const chatFlow = (queues: { billing: string; support: string }) => ({
  Version: "2019-10-30",
  StartAction: "ask",
  Metadata: {},
  Actions: [
    {
      Identifier: "ask",
      Type: "GetParticipantInput",
      Parameters: { Text: ASK, StoreInput: "False", InputTimeLimitSeconds: "120" },
      Transitions: {
        NextAction: "to-support",
        Conditions: [
          { NextAction: "to-billing", Condition: { Operator: "Equals", Operands: ["1"] } },
          { NextAction: "to-support", Condition: { Operator: "Equals", Operands: ["2"] } },
        ],
        Errors: [
          { ErrorType: "InputTimeLimitExceeded", NextAction: "bye" },
          { ErrorType: "NoMatchingCondition", NextAction: "to-support" },
          { ErrorType: "NoMatchingError", NextAction: "to-support" },
        ],
      },
    },
    ...(["billing", "support"] as const).map((team) => ({
      Identifier: `to-${team}`,
      Type: "UpdateContactTargetQueue",
      Parameters: { QueueId: queues[team] },
      Transitions: {
        NextAction: "confirm",
        Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }],
      },
    })),
    {
      Identifier: "confirm",
      Type: "MessageParticipant",
      Parameters: { Text: "Thanks. The $.Queue.Name team will be with you shortly." },
      Transitions: { NextAction: "transfer" },
    },
    {
      Identifier: "transfer",
      Type: "TransferContactToQueue",
      Parameters: {},
      Transitions: { Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] },
    },
    { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
  ],
});

const clock = new ManualClock();
let emulator: ConnectEmulator;
let clients: ReturnType<typeof sdkClients>;

beforeAll(async () => {
  // The API's answers are under test, not the account's quotas (quotas/api-quotas.test.ts).
  emulator = await startConnectEmulator({
    quotas: "off",
    clock,
    instance: {
      instanceId: InstanceId,
      queues: [{ name: "Billing" }, { name: "Support" }],
    },
  });
  const { instance } = emulator.instance;
  instance.addFlow({
    name: "chat-in",
    type: "CONTACT_FLOW",
    content: chatFlow({
      billing: instance.requireQueue("Billing").id,
      support: instance.requireQueue("Support").id,
    }),
  });
  clients = sdkClients(emulator.url);
});
afterAll(() => emulator.close());

async function startChat() {
  const started = await clients.connect.send(
    new StartChatContactCommand({
      InstanceId,
      ContactFlowId: flowId(),
      ParticipantDetails: { DisplayName: "Sam" },
    }),
  );
  const connection = await clients.participant.send(
    new CreateParticipantConnectionCommand({
      ParticipantToken: started.ParticipantToken,
      Type: ["CONNECTION_CREDENTIALS"],
    }),
  );
  const ConnectionToken = connection.ConnectionCredentials?.ConnectionToken ?? "";
  return { contactId: started.ContactId ?? "", ConnectionToken };
}

function flowId(): string {
  return emulator.instance.instance.findFlow("chat-in")?.id ?? "";
}

describe("a chat flow with content, talking through the chat itself", () => {
  it("asks in the chat, reads the customer's reply and queues the chat for that team", async () => {
    const chat = await startChat();
    await clock.advanceAsync(1_000);
    await clients.participant.send(
      new SendMessageCommand({
        ConnectionToken: chat.ConnectionToken,
        ContentType: "text/plain",
        Content: "1",
      }),
    );
    await clock.advanceAsync(1_000);

    const transcript = await clients.participant.send(
      new GetTranscriptCommand({ ConnectionToken: chat.ConnectionToken, SortOrder: "ASCENDING" }),
    );
    const messages = (transcript.Transcript ?? [])
      .filter((item) => item.Type === "MESSAGE")
      .map((item) => [item.ParticipantRole, item.Content]);
    expect(messages).toEqual([
      ["SYSTEM", ASK],
      ["CUSTOMER", "1"],
      ["SYSTEM", "Thanks. The Billing team will be with you shortly."],
    ]);
    const contact = emulator.instance.instance.contacts.get(chat.contactId);
    expect(contact?.state).toBe("QUEUED");
    expect(contact?.queueId).toBe(emulator.instance.instance.requireQueue("Billing").id);
  });

  it("ends the chat when the customer does not answer in time", async () => {
    const chat = await startChat();
    await clock.advanceAsync(121_000);
    const contact = emulator.instance.instance.contacts.get(chat.contactId);
    expect(contact?.state).toBe("ENDED");
    expect(emulator.control.flowTrace(chat.contactId).runs[0]?.visited).toEqual(["ask", "bye"]);
  });
});
