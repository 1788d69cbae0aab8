import { describe, expect, it } from "vitest";
import { SUPPORTED_ACTION_TYPES } from "./action-rules.ts";
import { ACTION_FLOW_TYPES } from "./flow-type-rules.ts";
import { FLOW_TYPES } from "./flow-types.ts";
import { EXECUTABLE_ACTION_TYPES } from "./run-flow.ts";
import { hangUp } from "./test-support/flow-steps.ts";
import { problemsOf } from "./test-support/flow-under-test.ts";

/** A flow that transfers to the quick connect's agent (transfer-to-agent flows only). */
function agentTransfer(metadataType?: string) {
  return {
    Version: "2019-10-30",
    StartAction: "agent",
    ...(metadataType ? { Metadata: { type: metadataType } } : {}),
    Actions: [{ Identifier: "agent", Type: "TransferContactToAgent", Transitions: {} }, hangUp],
  };
}

const AGENT_ONLY =
  'action "agent" (TransferContactToAgent): Type is not allowed in inbound flows (contactFlow); it is only allowed in transfer to agent flows and transfer to queue flows';

describe("flow types", () => {
  it("names the action, the flow type and the types the action is allowed in", () => {
    expect(problemsOf(agentTransfer(), { flowType: "contactFlow" })).toEqual([AGENT_ONLY]);
    expect(problemsOf(agentTransfer(), { flowType: "agentTransfer" })).toEqual([]);
  });

  it("takes CreateContactFlow's type names as well as the export's", () => {
    expect(problemsOf(agentTransfer(), { flowType: "QUEUE_TRANSFER" })).toEqual([]);
    expect(problemsOf(agentTransfer(), { flowType: "CONTACT_FLOW" })).toEqual([AGENT_ONLY]);
    expect(problemsOf(agentTransfer(), { flowType: "CAMPAIGN_FLOW" })).toEqual([
      expect.stringMatching(/^flow type "CAMPAIGN_FLOW" is not one of contactFlow, customerQueue/),
    ]);
  });

  it("reads the type from Metadata.type, which refines kind contact but not a queue flow", () => {
    expect(problemsOf(agentTransfer("agentTransfer"))).toEqual([]);
    expect(problemsOf(agentTransfer("agentTransfer"), { kind: "contact" })).toEqual([]);
    expect(problemsOf(agentTransfer("contactFlow"))).toEqual([AGENT_ONLY]);
    // The API's CONTACT_FLOW is a contact flow, whatever the content says of a queue flow.
    expect(problemsOf(agentTransfer("customerQueue"), { kind: "contact" })).toEqual([AGENT_ONLY]);
    expect(problemsOf(agentTransfer("agentTransfer"), { kind: "customerQueue" })).toEqual([
      expect.stringContaining("is not allowed in customer queue flows (customerQueue)"),
    ]);
  });

  it("checks no flow type when nothing names one, and an inbound flow for kind contact", () => {
    expect(problemsOf(agentTransfer())).toEqual([]);
    expect(problemsOf(agentTransfer(), { kind: "contact" })).toEqual([AGENT_ONLY]);
  });

  it("treats a document with a top-level Settings as a flow module", () => {
    const module = {
      Version: "2019-10-30",
      StartAction: "return",
      Settings: { InputParameters: [] },
      Actions: [{ Identifier: "return", Type: "EndFlowModuleExecution", Transitions: {} }],
    };
    expect(problemsOf(module)).toEqual([]);
    const { Settings: _settings, ...inbound } = module;
    expect(problemsOf(inbound, { flowType: "contactFlow" })).toEqual([
      'action "return" (EndFlowModuleExecution): Type is not allowed in inbound flows (contactFlow); it is only allowed in flow modules',
    ]);
  });

  it("keeps the customer-queue wording the flow files' hint looks for", () => {
    const queueOnly = {
      Version: "2019-10-30",
      StartAction: "loop",
      Actions: [
        {
          Identifier: "loop",
          Type: "MessageParticipantIteratively",
          Parameters: { Messages: [{ Text: "Please hold" }] },
          Transitions: {},
        },
      ],
    };
    expect(problemsOf(queueOnly, { kind: "contact" })).toEqual([
      'action "loop" (MessageParticipantIteratively): Type is not allowed in inbound flows (contactFlow); it is only allowed in customer queue flows, customer hold flows and agent hold flows',
    ]);
    expect(problemsOf(queueOnly, { flowType: "agentHold" })).toEqual([]);
  });

  it("allows EndFlowExecution in every type, as its block page does", () => {
    const end = {
      Version: "2019-10-30",
      StartAction: "end",
      Actions: [{ Identifier: "end", Type: "EndFlowExecution", Transitions: {} }],
    };
    for (const flowType of FLOW_TYPES) expect(problemsOf(end, { flowType })).toEqual([]);
  });

  it("restricts only action types the interpreter has, and runs every type it checks", () => {
    const unknown = Object.keys(ACTION_FLOW_TYPES).filter(
      (type) => !SUPPORTED_ACTION_TYPES.includes(type),
    );
    expect(unknown).toEqual([]);
    expect(EXECUTABLE_ACTION_TYPES).toEqual(SUPPORTED_ACTION_TYPES);
  });
});
