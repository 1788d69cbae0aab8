import { describe, expect, it } from "vitest";
import { hangUp, say } from "./test-support/flow-steps.ts";
import { flowWith, problemsOf, runInMemory as run } from "./test-support/flow-under-test.ts";

const SMS_NUMBER =
  "arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555/phone-number/sms-1";

describe("CompleteOutboundCall", () => {
  const call = (Parameters: object) => flowWith({ Type: "CompleteOutboundCall", Parameters });

  it("dials the customer with the caller ID the flow names, and carries on", async () => {
    const flow = call({ CallerId: { Number: "$.Attributes.callerId" } });
    const { heard, host } = await run(flow, { attributes: { callerId: "+442079460001" } });
    expect(heard).toEqual(["done"]);
    expect(host.contactState.outboundCall).toEqual({
      kind: "outboundCall",
      callerIdNumber: "+442079460001",
    });
  });

  it("takes the error branch when the call cannot be placed, and ends the flow without one", async () => {
    expect((await run(call({}), { outboundCallFails: true })).heard).toEqual(["failed"]);
    const bare = {
      Version: "2019-10-30",
      StartAction: "dial",
      Actions: [
        { Identifier: "dial", Type: "CompleteOutboundCall", Transitions: { NextAction: "done" } },
        say("done"),
        hangUp,
      ],
    };
    const { heard, host, result } = await run(bare, { outboundCallFails: true });
    expect(heard).toEqual([]);
    expect(host.disconnected).toBe(true);
    expect(result.steps[0]).toMatchObject({
      outcome: "error:NoMatchingError",
      detail: "the outbound call could not be connected",
    });
  });

  it("takes the error branch for a chat, or a caller ID that is no phone number", async () => {
    expect((await run(call({}), { channel: "CHAT" })).heard).toEqual(["failed"]);
    const wrong = call({ CallerId: { Number: "$.Attributes.callerId" } });
    expect((await run(wrong, { attributes: { callerId: "reception" } })).heard).toEqual(["failed"]);
  });

  it("checks the voice connector, the time limit and the caller ID's form", () => {
    const flow = call({
      CallerId: { Number: "+44 $.Attributes.n" },
      VoiceConnector: { VoiceConnectorType: "SipTrunk", VoiceConnectorArn: "arn:x" },
      ConnectionTimeLimitSeconds: "601",
    });
    expect(problemsOf(flow)).toEqual([
      'action "under-test" (CompleteOutboundCall): Parameters.CallerId.Number must be static or exactly one $. reference, got "+44 $.Attributes.n"',
      'action "under-test" (CompleteOutboundCall): Parameters.VoiceConnector.VoiceConnectorType must be "ChimeConnector", got "SipTrunk"',
      'action "under-test" (CompleteOutboundCall): Parameters.VoiceConnector.FromUser must be a string, got nothing',
      'action "under-test" (CompleteOutboundCall): Parameters.VoiceConnector.ToUser must be a string, got nothing',
      'action "under-test" (CompleteOutboundCall): Parameters.ConnectionTimeLimitSeconds must be an integer string from 1 to 600 or one $. reference, got "601"',
    ]);
  });

  it("is allowed in outbound whisper flows only", () => {
    const whisper = {
      Version: "2019-10-30",
      StartAction: "dial",
      Actions: [
        { Identifier: "dial", Type: "CompleteOutboundCall", Transitions: { NextAction: "done" } },
        say("done"),
        { Identifier: "hang-up", Type: "EndFlowExecution", Transitions: {} },
      ],
    };
    expect(problemsOf(whisper, { flowType: "outboundWhisper" })).toEqual([]);
    expect(problemsOf(call({}), { flowType: "contactFlow" })).toEqual([
      'action "under-test" (CompleteOutboundCall): Type is not allowed in inbound flows (contactFlow); it is only allowed in outbound whisper flows',
    ]);
  });
});

describe("CheckOutboundCallStatus", () => {
  const progress = (operands: string[]) => ({
    Version: "2019-10-30",
    StartAction: "progress",
    Actions: [
      {
        Identifier: "progress",
        Type: "CheckOutboundCallStatus",
        Parameters: {},
        Transitions: {
          NextAction: "failed",
          Conditions: operands.map((operand) => ({
            NextAction: operand === "CallAnswered" ? "person" : "machine",
            Condition: { Operator: "Equals", Operands: [operand] },
          })),
          Errors: [{ ErrorType: "NoMatchingError", NextAction: "failed" }],
        },
      },
      say("person"),
      say("machine"),
      say("failed"),
      hangUp,
    ],
  });
  const flow = progress(["CallAnswered", "VoicemailBeep"]);

  it("branches on what answering-machine detection heard", async () => {
    expect((await run(flow, { outboundCallStatus: "CallAnswered" })).heard).toEqual(["person"]);
    expect((await run(flow, { outboundCallStatus: "VoicemailBeep" })).heard).toEqual(["machine"]);
  });

  it("takes the error branch when no condition matches or the call is no campaign call", async () => {
    expect((await run(flow, { outboundCallStatus: "NotDetected" })).heard).toEqual(["failed"]);
    const { heard, result } = await run(flow);
    expect(heard).toEqual(["failed"]);
    expect(result.steps[0]?.detail).toBe("the contact is not an outbound campaign call");
  });

  it("takes only the four documented results as operands", () => {
    expect(problemsOf(progress(["Busy"]))).toEqual([
      'action "progress" (CheckOutboundCallStatus): Transitions.Conditions[0].Condition.Operands must be one of CallAnswered, VoicemailBeep, VoicemailNoBeep, NotDetected, got ["Busy"]',
    ]);
  });
});

describe("StartOutboundChatContact", () => {
  const send = (overrides: object = {}) =>
    flowWith({
      Type: "StartOutboundChatContact",
      Parameters: {
        SourceEndpoint: { Address: SMS_NUMBER, Type: "CONNECT_PHONENUMBER_ARN" },
        DestinationEndpoint: { Address: "$.CustomerEndpoint.Address", Type: "TELEPHONE_NUMBER" },
        ContactFlowArn: "arn:aws:connect:eu-west-2:111122223333:instance/i/contact-flow/sms",
        ContactSubtype: "connect:SMS",
        InitialSystemMessage: { Content: "Hello $.Attributes.name, we will text you here." },
        RelatedContact: "CURRENT",
        ...overrides,
      },
    });

  it("starts an SMS contact to the caller from the instance's SMS number", async () => {
    const { heard, host } = await run(send(), {
      smsNumbers: [SMS_NUMBER],
      contactId: "call-1",
      attributes: { name: "Sam" },
    });
    expect(heard).toEqual(["done"]);
    expect(host.messaging.outboundChats).toEqual([
      {
        contactId: "outbound-chat-1",
        sourcePhoneNumberArn: SMS_NUMBER,
        destinationPhoneNumber: "+447700900123",
        contactFlowArn: "arn:aws:connect:eu-west-2:111122223333:instance/i/contact-flow/sms",
        subtype: "connect:SMS",
        initialMessage: "Hello Sam, we will text you here.",
        relatedContactId: "call-1",
      },
    ]);
  });

  it("takes the error branch from a number that sends no SMS, or to one that is not E.164", async () => {
    expect((await run(send())).heard).toEqual(["failed"]);
    const local = send({
      DestinationEndpoint: { Address: "07700 900123", Type: "TELEPHONE_NUMBER" },
    });
    const { heard, host } = await run(local, { smsNumbers: [SMS_NUMBER] });
    expect(heard).toEqual(["failed"]);
    expect(host.messaging.outboundChats).toEqual([]);
  });

  it("takes only SMS, a phone-number ARN source and a telephone number destination", () => {
    const flow = send({
      ContactSubtype: "connect:WhatsApp",
      SourceEndpoint: { Address: SMS_NUMBER, Type: "TELEPHONE_NUMBER" },
      RelatedContact: "PREVIOUS",
    });
    expect(problemsOf(flow)).toEqual([
      'action "under-test" (StartOutboundChatContact): Parameters.SourceEndpoint.Type must be "CONNECT_PHONENUMBER_ARN", got "TELEPHONE_NUMBER"',
      'action "under-test" (StartOutboundChatContact): Parameters.ContactSubtype must be one of "connect:SMS", got "connect:WhatsApp"',
      'action "under-test" (StartOutboundChatContact): Parameters.RelatedContact must be one of "CURRENT", got "PREVIOUS"',
    ]);
  });
});
