import { StartChatContactCommand } from "@aws-sdk/client-connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../shared-http/clock.ts";
import { type ConnectEmulator, startConnectEmulator } from "./connect-emulator.ts";
import { sdkClients } from "./test-support/clients.ts";

const InstanceId = "44444444-0000-0000-0000-000000000004";
const DETAIL_VIEW = "arn:aws:connect:eu-west-2:aws:view/detail:1";
const done = { Identifier: "done", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} };

// The customer's chat flow: name the guide flow for the agent's workspace, then queue.
const chatFlow = (guide: string, queueId: string) => ({
  Version: "2019-10-30",
  StartAction: "hook",
  Metadata: {},
  Actions: [
    {
      Identifier: "hook",
      Type: "UpdateContactEventHooks",
      Parameters: { EventHooks: { DefaultAgentUI: guide } },
      Transitions: {
        NextAction: "to-billing",
        Errors: [{ ErrorType: "NoMatchingError", NextAction: "to-billing" }],
      },
    },
    {
      Identifier: "to-billing",
      Type: "UpdateContactTargetQueue",
      Parameters: { QueueId: queueId },
      Transitions: {
        NextAction: "queue",
        Errors: [{ ErrorType: "NoMatchingError", NextAction: "done" }],
      },
    },
    {
      Identifier: "queue",
      Type: "TransferContactToQueue",
      Parameters: {},
      Transitions: { Errors: [{ ErrorType: "NoMatchingError", NextAction: "done" }] },
    },
    done,
  ],
});

// The guide: a detail view built from the customer contact's attributes.
const guideFlow = (timeLimitSeconds: string) => ({
  Version: "2019-10-30",
  StartAction: "show",
  Metadata: {},
  Actions: [
    {
      Identifier: "show",
      Type: "ShowView",
      Parameters: {
        ViewResource: { Id: DETAIL_VIEW },
        InvocationTimeLimitSeconds: timeLimitSeconds,
        ViewData: {
          Heading: "From the call",
          Sections: [{ TemplateString: "$.Attributes.summary" }],
          AttributeBar: [{ Label: "Queue", Value: "$.Queue.Name" }],
          Back: { Label: "Done" },
        },
      },
      Transitions: {
        NextAction: "done",
        Conditions: [{ NextAction: "done", Condition: { Operator: "Equals", Operands: ["Back"] } }],
        Errors: [
          { ErrorType: "TimeLimitExceeded", NextAction: "done" },
          { ErrorType: "NoMatchingCondition", NextAction: "done" },
          { ErrorType: "NoMatchingError", NextAction: "done" },
        ],
      },
    },
    done,
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
      queues: [{ name: "Billing" }],
      routingProfiles: [
        { name: "Billing agents", queues: [{ queue: "Billing", channel: "CHAT" }] },
      ],
      agents: [{ username: "alice", routingProfile: "Billing agents" }],
    },
  });
  const { instance } = emulator.instance;
  const billing = instance.requireQueue("Billing");
  for (const [name, seconds] of [
    ["guide", "600"],
    ["short-guide", "30"],
  ] as const) {
    instance.addFlow({ name, type: "CONTACT_FLOW", content: guideFlow(seconds) });
  }
  for (const guide of ["guide", "short-guide"]) {
    const content = chatFlow(instance.findFlow(guide)?.id ?? "", billing.id);
    instance.addFlow({ name: `chat-${guide}`, type: "CONTACT_FLOW", content });
  }
  clients = sdkClients(emulator.url);
});
afterAll(() => emulator.close());

async function chatOfferedToAlice(flow: string) {
  const { instance } = emulator.instance;
  const started = await clients.connect.send(
    new StartChatContactCommand({
      InstanceId,
      ContactFlowId: instance.findFlow(flow)?.id,
      ParticipantDetails: { DisplayName: "Sam" },
      Attributes: { summary: "Charged twice for the May invoice" },
    }),
  );
  const contactId = started.ContactId ?? "";
  await clock.advanceAsync(1_000);
  emulator.control.setAgentStatus("alice", "Available");
  await clock.advanceAsync(1_000);
  return contactId;
}

describe("a step-by-step guide for the agent (DefaultAgentUI hook, ShowView)", () => {
  it("shows the view with its data resolved from the customer contact when the agent is offered the chat", async () => {
    const contactId = await chatOfferedToAlice("chat-guide");
    const [view] = emulator.control.agentViews(contactId);
    expect(view).toMatchObject({
      viewId: DETAIL_VIEW,
      viewData: {
        Heading: "From the call",
        Sections: [{ TemplateString: "Charged twice for the May invoice" }],
        AttributeBar: [{ Label: "Queue", Value: "Billing" }],
      },
    });
    expect(view?.agentId).toBe(emulator.instance.instance.findAgent("alice")?.id);
    expect(view?.result).toBeUndefined();

    emulator.control.chooseInAgentView(contactId, view?.id ?? "", "Back");
    await clock.advanceAsync(1_000);
    expect(emulator.control.agentViews(contactId)[0]?.result).toBe("Back");
    // The guide's own DisconnectParticipant closes the guide, not the customer's chat.
    expect(emulator.instance.instance.contacts.get(contactId)?.state).toBe("CONNECTING");
    const guideRun = emulator.control.flowTrace(contactId).runs.at(-1);
    expect(guideRun?.visited).toEqual(["show", "done"]);
    emulator.control.agentAccept("alice", contactId);
    emulator.control.agentEnd("alice", contactId);
  });

  it("takes the TimeLimitExceeded branch when the agent never answers", async () => {
    const contactId = await chatOfferedToAlice("chat-short-guide");
    await clock.advanceAsync(31_000);
    expect(emulator.control.flowTrace(contactId).runs.at(-1)?.steps).toContainEqual(
      expect.objectContaining({ actionId: "show", outcome: "error:TimeLimitExceeded" }),
    );
    emulator.control.agentAccept("alice", contactId);
    emulator.control.agentEnd("alice", contactId);
  });

  it("refuses ShowView in the customer's own flow, where no agent workspace shows it", async () => {
    const { instance } = emulator.instance;
    instance.addFlow({ name: "misplaced", type: "CONTACT_FLOW", content: guideFlow("60") });
    const started = await clients.connect.send(
      new StartChatContactCommand({
        InstanceId,
        ContactFlowId: instance.findFlow("misplaced")?.id,
        ParticipantDetails: { DisplayName: "Sam" },
      }),
    );
    await clock.advanceAsync(1_000);
    const run = emulator.control.flowTrace(started.ContactId ?? "").runs[0];
    expect(run?.steps).toContainEqual(
      expect.objectContaining({ actionId: "show", outcome: "error:NoMatchingError" }),
    );
    expect(emulator.control.agentViews(started.ContactId ?? "")).toEqual([]);
  });
});
