import {
  ConflictException,
  type ConnectClient,
  CreateContactFlowCommand,
  DescribeContactCommand,
  PauseContactCommand,
  StartChatContactCommand,
} from "@aws-sdk/client-connect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../shared-http/clock.ts";
import { type ConnectEmulator, startConnectEmulator } from "./connect-emulator.ts";
import { fail, hangUp, say } from "./flow/test-support/flow-steps.ts";
import type { Contact } from "./model/contact.ts";
import type { NewContact } from "./model/instance-runtime.ts";
import { sdkClients } from "./test-support/clients.ts";

/**
 * What the contact-setting blocks do to the emulator's own contact, observed as a client sees
 * it: DescribeContact through the official client, and the inspection API over HTTP.
 */
const InstanceId = "33333333-0000-0000-0000-000000000003";
const CALLER = "+447700900123";
const SMS_NUMBER = `arn:aws:connect:eu-west-2:111122223333:instance/${InstanceId}/phone-number/sms`;

let emulator: ConnectEmulator;
let connect: ConnectClient;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 0, 0));
  emulator = await startConnectEmulator({
    quotas: "off",
    clock,
    instance: {
      instanceId: InstanceId,
      queues: [{ name: "Support" }],
      routingProfiles: [{ name: "Voice", queues: [{ queue: "Support", channel: "VOICE" }] }],
      agents: [
        {
          username: "dana",
          routingProfile: "Voice",
          behaviour: { mode: "driven", afterContactWorkSeconds: 600 },
        },
        { username: "otto", routingProfile: "Voice", status: "Offline" },
      ],
      services: { smsNumbers: [SMS_NUMBER] },
    },
  });
  connect = sdkClients(emulator.url).connect;
});
afterEach(async () => {
  connect.destroy();
  await emulator.close();
});

/**
 * Publishes a flow through the official client; its actions end with the shared hang-up,
 * except in a whisper flow, which may not disconnect.
 */
async function createFlow(options: {
  name: string;
  type: "CONTACT_FLOW" | "AGENT_TRANSFER" | "QUEUE_TRANSFER" | "OUTBOUND_WHISPER";
  actions: unknown[];
}): Promise<string> {
  const first = options.actions[0] as { Identifier: string };
  const created = await connect.send(
    new CreateContactFlowCommand({
      InstanceId,
      Name: options.name,
      Type: options.type,
      Content: JSON.stringify({
        Version: "2019-10-30",
        StartAction: first.Identifier,
        Actions:
          options.type === "OUTBOUND_WHISPER" ? options.actions : [...options.actions, hangUp],
      }),
    }),
  );
  return created.ContactFlowArn ?? "";
}

async function describeContact(ContactId: string) {
  const out = await connect.send(new DescribeContactCommand({ InstanceId, ContactId }));
  return out.Contact;
}

/** The emulator's own view of a contact, over HTTP as a test or the sandbox reads it. */
async function inspected(contactId: string): Promise<Contact | undefined> {
  const response = await fetch(`${emulator.url}/__emulator/contacts`);
  const { contacts } = (await response.json()) as { contacts: Contact[] };
  return contacts.find((contact) => contact.id === contactId);
}

async function trace(contactId: string) {
  const response = await fetch(`${emulator.url}/__emulator/contacts/${contactId}/flow-trace`);
  return (await response.json()) as {
    heard: { content: string }[];
    received: { text: string }[];
    runs: { flowName: string; end?: { kind: string }; settings: unknown[] }[];
  };
}

/** A contact the emulator's HTTP API cannot start (a transfer, a task, a campaign call), run in its flow. */
function startContact(spec: NewContact): Contact {
  const contact = emulator.instance.createContact(spec);
  emulator.instance.runFlow(contact);
  return contact;
}

/** A voice transfer out of `previous` (as a quick connect makes one) into the flow named `flow`. */
function transferInto(previous: Contact, flow: string, extra: Partial<NewContact> = {}): Contact {
  return startContact({
    channel: "VOICE",
    initiationMethod: "TRANSFER",
    previousContactId: previous.id,
    initialContactId: previous.initialContactId,
    contactFlowId: emulator.instance.instance.findFlow(flow)?.id ?? "",
    ...extra,
  });
}

describe("UnTagContact on the Connect emulator", () => {
  it("removes the tags a flow set, so DescribeContact no longer shows them; a missing key fails", async () => {
    await createFlow({
      name: "tagging",
      type: "CONTACT_FLOW",
      actions: [
        {
          Identifier: "tag",
          Type: "TagContact",
          Parameters: { Tags: { team: "billing", tier: "gold" } },
          Transitions: { NextAction: "untag", Errors: fail("hang-up") },
        },
        {
          Identifier: "untag",
          Type: "UnTagContact",
          Parameters: { TagKeys: ["tier"] },
          Transitions: { NextAction: "untag-again", Errors: fail("first-refused") },
        },
        {
          Identifier: "untag-again",
          Type: "UnTagContact",
          Parameters: { TagKeys: ["team", "tier"] },
          Transitions: { NextAction: "removed-again", Errors: fail("refused") },
        },
        say("first-refused"),
        say("removed-again"),
        say("refused"),
      ],
    });
    const call = emulator.control.placeVoiceCall({ flow: "tagging", caller: { steps: [] } });
    await clock.advanceAsync(60_000);

    expect((await trace(call.id)).heard.map((prompt) => prompt.content)).toEqual(["refused"]);
    // All or nothing: "tier" was already gone, so "team" stays too.
    expect((await describeContact(call.id))?.Tags).toEqual({ team: "billing" });
    expect((await trace(call.id)).runs[0]?.settings).toEqual([
      { kind: "tags", tags: { team: "billing", tier: "gold" } },
      { kind: "untag", tagKeys: ["tier"] },
    ]);
  });
});

describe("TransferContactToAgent on the Connect emulator", () => {
  /** An inbound flow sets the working queue to an agent's, then hands over to a transfer flow. */
  async function transferFlows() {
    const toAgent = await createFlow({
      name: "to agent",
      type: "AGENT_TRANSFER",
      actions: [
        say("transferring", "Transferring you", "agent"),
        { Identifier: "agent", Type: "TransferContactToAgent", Parameters: {}, Transitions: {} },
      ],
    });
    await createFlow({
      name: "ask for agent",
      type: "CONTACT_FLOW",
      actions: [
        {
          Identifier: "working-queue",
          Type: "UpdateContactTargetQueue",
          Parameters: { AgentId: "$.Attributes.agent" },
          Transitions: { NextAction: "transfer", Errors: fail("no-agent") },
        },
        {
          Identifier: "transfer",
          Type: "TransferToFlow",
          Parameters: { ContactFlowId: toAgent },
          Transitions: { Errors: fail("hang-up") },
        },
        say("no-agent"),
      ],
    });
  }

  const agent = (username: string) => emulator.instance.instance.findAgent(username)?.id ?? "";
  const callFor = (username: string) =>
    emulator.control.placeVoiceCall({
      flow: "ask for agent",
      attributes: { agent: `${emulator.instance.instance.arn}/agent/${agent(username)}` },
      caller: { promptSeconds: 1, steps: [] },
    });

  it("offers the call to the agent of the working queue, who can accept it", async () => {
    await transferFlows();
    const call = callFor("dana");
    await clock.advanceAsync(10_000);

    expect((await inspected(call.id))?.state).toBe("CONNECTING");
    expect((await describeContact(call.id))?.AgentInfo?.Id).toBe(agent("dana"));
    const runs = (await trace(call.id)).runs;
    expect(runs.map((run) => [run.flowName, run.end])).toEqual([
      ["ask for agent", { kind: "transferredToFlow", contactFlowId: expect.any(String) }],
      ["to agent", { kind: "transferredToAgent", agentId: agent("dana") }],
    ]);
    emulator.control.agentAccept("dana", call.id);
    expect((await inspected(call.id))?.state).toBe("CONNECTED");
  });

  it("disconnects the call when the agent is with someone else or not available", async () => {
    await transferFlows();
    const first = callFor("dana");
    await clock.advanceAsync(10_000);
    emulator.control.agentAccept("dana", first.id);

    const busy = callFor("dana");
    const offline = callFor("otto");
    await clock.advanceAsync(10_000);
    for (const call of [busy, offline]) {
      const described = await describeContact(call.id);
      expect(described?.DisconnectReason).toBe("CONTACT_FLOW_DISCONNECT");
      expect(described?.AgentInfo).toBeUndefined();
      expect((await trace(call.id)).runs[1]?.end).toEqual({ kind: "disconnected", by: "action" });
    }
    expect((await inspected(first.id))?.state).toBe("CONNECTED");
  });

  it("takes the agent out of after-contact work; a declined transfer is disconnected", async () => {
    await transferFlows();
    const first = callFor("dana");
    await clock.advanceAsync(10_000);
    emulator.control.agentAccept("dana", first.id);
    emulator.control.agentEnd("dana", first.id);
    expect((await inspected(first.id))?.state).toBe("AFTER_CONTACT_WORK");

    const second = callFor("dana");
    await clock.advanceAsync(10_000);
    expect((await inspected(first.id))?.state).toBe("ENDED");
    expect((await inspected(second.id))?.state).toBe("CONNECTING");

    emulator.control.agentReject("dana", second.id);
    expect((await describeContact(second.id))?.DisconnectReason).toBe("CONTACT_FLOW_DISCONNECT");
  });
});

describe("UpdatePreviousContactParticipantState on the Connect emulator", () => {
  /** Dana takes a call from the queue; a quick connect transfers it into `flow`. */
  async function transferred(flow: string) {
    const original = emulator.control.placeVoiceCall({ queue: "Support", customerNumber: CALLER });
    emulator.control.agentAccept("dana", original.id);
    const transfer = transferInto(original, flow, {
      customerEndpoint: { Type: "TELEPHONE_NUMBER", Address: CALLER },
    });
    await clock.advanceAsync(10_000);
    return { original, transfer };
  }

  const holdStep = (Identifier: string, state: string, NextAction: string) => ({
    Identifier,
    Type: "UpdatePreviousContactParticipantState",
    Parameters: { PreviousContactParticipantState: state },
    Transitions: { NextAction, Errors: fail("not-held") },
  });

  it("holds the transferring agent, then the customer, then neither, on the previous contact", async () => {
    await createFlow({
      name: "secure input",
      type: "QUEUE_TRANSFER",
      actions: [
        holdStep("hold-agent", "AgentOnHold", "hold-customer"),
        holdStep("hold-customer", "CustomerOnHold", "end"),
        { Identifier: "end", Type: "EndFlowExecution", Parameters: {}, Transitions: {} },
        say("not-held"),
      ],
    });
    await createFlow({
      name: "release",
      type: "QUEUE_TRANSFER",
      actions: [holdStep("off", "OffHold", "hang-up"), say("not-held")],
    });
    const { original, transfer } = await transferred("secure input");
    expect((await inspected(original.id))?.onHold).toEqual({ agent: true, customer: true });
    expect((await trace(transfer.id)).runs[0]?.settings).toEqual([
      { kind: "previousParticipantState", state: "AgentOnHold" },
      { kind: "previousParticipantState", state: "CustomerOnHold" },
    ]);

    const release = transferInto(original, "release");
    await clock.advanceAsync(10_000);
    expect((await inspected(original.id))?.onHold).toEqual({ agent: false, customer: false });
    expect((await trace(release.id)).heard).toEqual([]);
  });

  it("takes the error branch once the previous contact's agent has gone", async () => {
    await createFlow({
      name: "secure input",
      type: "AGENT_TRANSFER",
      actions: [holdStep("hold-agent", "AgentOnHold", "hang-up"), say("not-held")],
    });
    const original = emulator.control.placeVoiceCall({ queue: "Support" });
    emulator.control.agentAccept("dana", original.id);
    emulator.control.agentEnd("dana", original.id);
    const transfer = transferInto(original, "secure input");
    await clock.advanceAsync(10_000);
    expect((await trace(transfer.id)).heard.map((prompt) => prompt.content)).toEqual(["not-held"]);
    expect((await inspected(original.id))?.onHold).toBeUndefined();
  });
});

describe("PauseContact and ResumeContact on the Connect emulator", () => {
  /** Resumes the contact and says "resumed", or says "not-paused" on the error branch. */
  const createResumeFlow = (name: string) =>
    createFlow({
      name,
      type: "CONTACT_FLOW",
      actions: [
        {
          Identifier: "resume",
          Type: "ResumeContact",
          Parameters: {},
          Transitions: { NextAction: "resumed", Errors: fail("not-paused") },
        },
        say("resumed"),
        say("not-paused"),
      ],
    });

  it("resumes a paused task, and DescribeContact shows the pause and the resume", async () => {
    await createResumeFlow("resume");
    const flowId = emulator.instance.instance.findFlow("resume")?.id ?? "";
    const task = emulator.instance.createContact({
      channel: "TASK",
      initiationMethod: "API",
      contactFlowId: flowId,
    });
    await connect.send(new PauseContactCommand({ InstanceId, ContactId: task.id }));
    const paused = await describeContact(task.id);
    expect(paused?.TotalPauseCount).toBe(1);
    expect(paused?.LastPausedTimestamp?.getTime()).toBe(clock.now());
    await expect(
      connect.send(new PauseContactCommand({ InstanceId, ContactId: task.id })),
    ).rejects.toBeInstanceOf(ConflictException);

    await clock.advanceAsync(30_000);
    emulator.instance.runFlow(task);
    await clock.advanceAsync(10_000);
    expect((await trace(task.id)).received.map((message) => message.text)).toEqual(["resumed"]);
    const resumed = await describeContact(task.id);
    expect(resumed?.LastResumedTimestamp?.getTime()).toBe(Date.UTC(2026, 0, 5, 10, 0, 30));
    expect(resumed?.TotalPauseDurationInSeconds).toBe(30);
  });

  it("refuses to pause a call, and a call's ResumeContact takes the error branch", async () => {
    await createResumeFlow("resume call");
    const call = emulator.control.placeVoiceCall({ flow: "resume call", caller: { steps: [] } });
    await expect(
      connect.send(new PauseContactCommand({ InstanceId, ContactId: call.id })),
    ).rejects.toBeInstanceOf(ConflictException);
    await clock.advanceAsync(10_000);
    expect((await trace(call.id)).heard.map((prompt) => prompt.content)).toEqual(["not-paused"]);
    expect((await describeContact(call.id))?.TotalPauseCount).toBeUndefined();
  });
});

describe("Outbound calls on the Connect emulator", () => {
  const progressFlow = {
    name: "call progress",
    type: "CONTACT_FLOW" as const,
    actions: [
      {
        Identifier: "progress",
        Type: "CheckOutboundCallStatus",
        Parameters: {},
        Transitions: {
          Conditions: [
            {
              NextAction: "beep",
              Condition: { Operator: "Equals", Operands: ["VoicemailBeep"] },
            },
            {
              NextAction: "human",
              Condition: { Operator: "Equals", Operands: ["CallAnswered"] },
            },
          ],
          Errors: fail("no-progress"),
        },
      },
      say("beep", "Leave a message"),
      say("human", "Hello"),
      say("no-progress", "No campaign"),
    ],
  };

  it("branches on a campaign call's answering-machine detection, as DescribeContact reports it", async () => {
    await createFlow(progressFlow);
    const flowId = emulator.instance.instance.findFlow("call progress")?.id ?? "";
    const campaign = (status: NewContact["answeringMachineDetectionStatus"]) =>
      startContact({
        channel: "VOICE",
        initiationMethod: "OUTBOUND",
        contactFlowId: flowId,
        customerEndpoint: { Type: "TELEPHONE_NUMBER", Address: CALLER },
        ...(status ? { answeringMachineDetectionStatus: status } : {}),
      });
    const voicemail = campaign("VOICEMAIL_BEEP");
    const person = campaign("HUMAN_ANSWERED");
    const fax = campaign("FAX_MACHINE_DETECTED");
    const inbound = emulator.control.placeVoiceCall({
      flow: "call progress",
      caller: { steps: [] },
    });
    await clock.advanceAsync(10_000);

    const heard = async (contact: Contact) =>
      (await trace(contact.id)).heard.map((prompt) => prompt.content);
    expect(await heard(voicemail)).toEqual(["Leave a message"]);
    expect(await heard(person)).toEqual(["Hello"]);
    expect(await heard(fax)).toEqual(["No campaign"]);
    expect(await heard(inbound)).toEqual(["No campaign"]);
    expect((await describeContact(voicemail.id))?.AnsweringMachineDetectionStatus).toBe(
      "VOICEMAIL_BEEP",
    );
    expect((await describeContact(inbound.id))?.AnsweringMachineDetectionStatus).toBeUndefined();
  });

  it("records the call an outbound whisper flow places on the contact", async () => {
    await createFlow({
      name: "dial",
      type: "OUTBOUND_WHISPER",
      actions: [
        {
          Identifier: "dial",
          Type: "CompleteOutboundCall",
          Parameters: { CallerId: { Number: "+442079460000" } },
          Transitions: { NextAction: "end", Errors: fail("end") },
        },
        { Identifier: "end", Type: "EndFlowExecution", Parameters: {}, Transitions: {} },
      ],
    });
    const call = emulator.control.placeVoiceCall({
      flow: "dial",
      customerNumber: CALLER,
      caller: { steps: [] },
    });
    await clock.advanceAsync(10_000);
    expect((await inspected(call.id))?.outboundCall).toEqual({
      placedAt: Date.UTC(2026, 0, 5, 10, 0, 0),
      destination: CALLER,
      callerIdNumber: "+442079460000",
    });
  });
});

describe("Service requests on the Connect emulator", () => {
  it("lists the outbound SMS contacts and the persistent chats flows started", async () => {
    const chatIn = await createFlow({
      name: "chat in",
      type: "CONTACT_FLOW",
      actions: [say("welcome", "Welcome")],
    });
    const continueFlow = await createFlow({
      name: "continue chat",
      type: "CONTACT_FLOW",
      actions: [
        {
          Identifier: "text",
          Type: "StartOutboundChatContact",
          Parameters: {
            SourceEndpoint: { Address: SMS_NUMBER, Type: "CONNECT_PHONENUMBER_ARN" },
            DestinationEndpoint: { Address: CALLER, Type: "TELEPHONE_NUMBER" },
            ContactFlowArn: chatIn,
            ContactSubtype: "connect:SMS",
          },
          Transitions: { NextAction: "persist", Errors: fail("hang-up") },
        },
        {
          Identifier: "persist",
          Type: "CreatePersistentContactAssociation",
          Parameters: {
            RehydrationType: "ENTIRE_PAST_SESSION",
            SourceContactId: "$.Attributes.previous",
          },
          Transitions: { NextAction: "hang-up", Errors: fail("hang-up") },
        },
      ],
    });
    const startChat = (ContactFlowId: string, Attributes?: Record<string, string>) =>
      connect.send(
        new StartChatContactCommand({
          InstanceId,
          ContactFlowId,
          ParticipantDetails: { DisplayName: "Ada" },
          ...(Attributes ? { Attributes } : {}),
        }),
      );
    // The first chat's flow welcomes the customer and ends the chat.
    const past = await startChat(chatIn.split("/").at(-1) ?? "");
    await clock.advanceAsync(5_000);
    const chat = await startChat(continueFlow.split("/").at(-1) ?? "", {
      previous: past.ContactId ?? "",
    });
    await clock.advanceAsync(5_000);

    const response = await fetch(`${emulator.url}/__emulator/services/requests`);
    const requests = await response.json();
    expect(requests.outboundChats).toEqual([
      expect.objectContaining({
        sourcePhoneNumberArn: SMS_NUMBER,
        destinationPhoneNumber: CALLER,
        contactId: expect.any(String),
      }),
    ]);
    expect(requests.persistentChats).toEqual([
      {
        rehydrationType: "ENTIRE_PAST_SESSION",
        sourceContactId: past.ContactId,
        contactId: chat.ContactId,
        continuedFrom: past.ContactId,
      },
    ]);
  });
});
