import { describe, expect, it } from "vitest";
import { flowWith, problemsOf, runInMemory as run } from "./test-support/flow-under-test.ts";

describe("TransferContactToAgent", () => {
  const transfer = flowWith({ Type: "TransferContactToAgent" }, { metadataType: "agentTransfer" });

  it("ends the flow with the caller handed to the quick connect's agent", async () => {
    const { result, host } = await run(transfer, { transferAgent: { agentId: "agent-7" } });
    expect(result.end).toEqual({ kind: "transferredToAgent", agentId: "agent-7" });
    expect(result.steps).toEqual([
      { actionId: "under-test", type: "TransferContactToAgent", outcome: "end:transferredToAgent" },
    ]);
    expect(host.disconnected).toBe(false);
  });

  it("disconnects the contact when the agent is with someone else, or there is none", async () => {
    const busy = await run(transfer, { transferAgent: { agentId: "agent-7", busy: true } });
    expect(busy.result.end).toEqual({ kind: "disconnected", by: "action" });
    expect(busy.host.disconnected).toBe(true);
    expect((await run(transfer)).result.end).toEqual({ kind: "disconnected", by: "action" });
  });

  it("takes the error branch on a chat, which the block does not transfer", async () => {
    const chat = await run(transfer, { channel: "CHAT", transferAgent: { agentId: "agent-7" } });
    expect(chat.heard).toEqual(["failed"]);
  });

  it("is allowed only in transfer flows and takes no other error type", () => {
    expect(problemsOf(transfer)).toEqual([]);
    expect(problemsOf(transfer, { flowType: "customerQueue" })).toEqual([
      'action "under-test" (TransferContactToAgent): Type is not allowed in customer queue flows (customerQueue); it is only allowed in transfer to agent flows and transfer to queue flows',
    ]);
    const wrongError = flowWith(
      { Type: "TransferContactToAgent" },
      { metadataType: "queueTransfer" },
    );
    wrongError.Actions[0] = {
      ...wrongError.Actions[0],
      Transitions: { Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "failed" }] },
    } as (typeof wrongError.Actions)[0];
    expect(problemsOf(wrongError)).toEqual([
      'action "under-test" (TransferContactToAgent): Transitions.Errors[0].ErrorType "QueueAtCapacity" is not raised by this action type (allowed: NoMatchingError)',
    ]);
  });
});

describe("UpdatePreviousContactParticipantState", () => {
  const hold = (state: string) =>
    flowWith({
      Type: "UpdatePreviousContactParticipantState",
      Parameters: { PreviousContactParticipantState: state },
    });

  it("puts the transferring agent on hold while the caller keys in", async () => {
    const { heard, host } = await run(hold("AgentOnHold"), { previousContactId: "before" });
    expect(heard).toEqual(["done"]);
    expect(host.contactState.previousParticipantState).toBe("AgentOnHold");
  });

  it("takes the error branch without a previous contact, and on a chat", async () => {
    expect((await run(hold("AgentOnHold"))).heard).toEqual(["failed"]);
    const chat = await run(hold("OffHold"), { previousContactId: "before", channel: "CHAT" });
    expect(chat.heard).toEqual(["failed"]);
  });

  it("takes the three documented states, in inbound, transfer and outbound whisper flows", () => {
    expect(problemsOf(hold("BothOnHold"))).toEqual([
      'action "under-test" (UpdatePreviousContactParticipantState): Parameters.PreviousContactParticipantState must be one of "AgentOnHold", "CustomerOnHold", "OffHold", got "BothOnHold"',
    ]);
    expect(problemsOf(hold("OffHold"), { flowType: "agentWhisper" })).toEqual([
      expect.stringContaining(
        "it is only allowed in inbound flows, flow modules, transfer to agent flows, transfer to queue flows and outbound whisper flows",
      ),
      expect.stringContaining('action "hang-up" (DisconnectParticipant)'),
      // say() steps are MessageParticipant, which whisper flows allow.
    ]);
  });
});

describe("ResumeContact", () => {
  const resume = flowWith({ Type: "ResumeContact", Parameters: {} });

  it("resumes a paused contact", async () => {
    const { heard, host } = await run(resume, { paused: true });
    expect(heard).toEqual(["done"]);
    expect(host.contactState.paused).toBe(false);
    expect(host.settings).toEqual([{ kind: "resume" }]);
  });

  it("takes the error branch when the contact is not paused", async () => {
    const { heard, result } = await run(resume);
    expect(heard).toEqual(["failed"]);
    expect(result.steps[0]?.detail).toBe("the contact is not paused");
  });

  it("supports no conditions", () => {
    const flow = flowWith({ Type: "ResumeContact" });
    (flow.Actions[0] as { Transitions: object }).Transitions = {
      Conditions: [{ NextAction: "done", Condition: { Operator: "Equals", Operands: ["x"] } }],
    };
    expect(problemsOf(flow)).toEqual([
      'action "under-test" (ResumeContact): Transitions.Conditions not allowed: this action type does not support Conditions',
    ]);
  });
});
