import { describe, expect, it } from "vitest";
import { autoAdvancingClock } from "./flow-clock.ts";
import { InMemoryFlowHost, type InMemoryFlowHostOptions } from "./in-memory-host.ts";
import { runFlow } from "./run-flow.ts";
import { ScriptedCaller } from "./scripted-caller.ts";
import { hangUp, say } from "./test-support/flow-steps.ts";
import { loadFlow, validateFlow } from "./validate-flow.ts";

const PROCESSOR = "arn:aws:lambda:eu-west-2:111122223333:function:redact-messages";

function flowWith(action: object, errors: object[]) {
  return {
    Version: "2019-10-30",
    StartAction: "under-test",
    Actions: [
      { Identifier: "under-test", Transitions: { NextAction: "done", Errors: errors }, ...action },
      say("done"),
      say("mismatch"),
      say("failed"),
      hangUp,
    ],
  };
}

async function run(flow: object, options: Partial<InMemoryFlowHostOptions> = {}) {
  const clock = autoAdvancingClock();
  const customer = new ScriptedCaller(clock);
  const host = new InMemoryFlowHost({
    clock,
    participant: customer,
    channel: "CHAT",
    contactId: "chat-now",
    ...options,
  });
  const result = await runFlow({ flow: loadFlow(flow), host });
  return { said: customer.heard.map((h) => h.content), host, result };
}

const problemsOf = (flow: object) => {
  const result = validateFlow(flow);
  return result.ok ? [] : result.problems;
};

describe("UpdateContactMediaProcessing", () => {
  const BOTH = [
    { ErrorType: "ChannelMismatch", NextAction: "mismatch" },
    { ErrorType: "NoMatchingError", NextAction: "failed" },
  ];
  const processing = (ChatProcessor: object, errors: object[] = BOTH) =>
    flowWith({ Type: "UpdateContactMediaProcessing", Parameters: { ChatProcessor } }, errors);
  const enabled = processing({
    ProcessingEnabled: "True",
    LambdaProcessorARN: PROCESSOR,
    ChatProcessorSettings: { DeliverUnprocessedMessages: "False" },
  });

  it("puts the Lambda between a chat's participants", async () => {
    const { said, host } = await run(enabled);
    expect(said).toEqual(["done"]);
    expect(host.contactState.mediaProcessing).toEqual({
      enabled: true,
      lambdaProcessorArn: PROCESSOR,
      deliverUnprocessedMessages: false,
    });
  });

  it("takes ChannelMismatch on a voice contact", async () => {
    const { said, host, result } = await run(enabled, { channel: "VOICE" });
    expect(said).toEqual(["mismatch"]);
    expect(result.steps[0]?.outcome).toBe("error:ChannelMismatch");
    expect(host.contactState.mediaProcessing).toBeUndefined();
  });

  it("wants NoMatchingError listed, a True/False switch and a static Lambda ARN", () => {
    const flow = processing(
      { ProcessingEnabled: "yes", LambdaProcessorARN: "$.Attributes.lambda" },
      [{ ErrorType: "ChannelMismatch", NextAction: "mismatch" }],
    );
    expect(problemsOf(flow)).toEqual([
      'action "under-test" (UpdateContactMediaProcessing): Transitions.Errors must include a NoMatchingError transition',
      'action "under-test" (UpdateContactMediaProcessing): Parameters.ChatProcessor.ProcessingEnabled must be "True" or "False", got "yes"',
      'action "under-test" (UpdateContactMediaProcessing): Parameters.ChatProcessor.LambdaProcessorARN must be a static Lambda function ARN, got "$.Attributes.lambda"',
    ]);
  });
});

describe("CreatePersistentContactAssociation", () => {
  const FAIL = [{ ErrorType: "NoMatchingError", NextAction: "failed" }];
  const persist = (RehydrationType: string, SourceContactId = "$.Attributes.previousChat") =>
    flowWith(
      {
        Type: "CreatePersistentContactAssociation",
        Parameters: { RehydrationType, SourceContactId },
      },
      FAIL,
    );
  // One past session of two segments (a transfer), both ended.
  const pastChats = () => [
    { contactId: "chat-a1", initialContactId: "chat-a1" },
    { contactId: "chat-a2", initialContactId: "chat-a1" },
  ];

  it("continues the latest segment of a past session, or the one segment named", async () => {
    const whole = await run(persist("ENTIRE_PAST_SESSION"), {
      pastChats,
      attributes: { previousChat: "chat-a1" },
    });
    expect(whole.said).toEqual(["done"]);
    const segment = await run(persist("FROM_SEGMENT", "chat-a1"), { pastChats });
    expect(segment.said).toEqual(["done"]);
    expect([
      ...whole.host.messaging.persistentChats,
      ...segment.host.messaging.persistentChats,
    ]).toEqual([
      {
        contactId: "chat-now",
        rehydrationType: "ENTIRE_PAST_SESSION",
        sourceContactId: "chat-a1",
        continuedFrom: "chat-a2",
      },
      {
        contactId: "chat-now",
        rehydrationType: "FROM_SEGMENT",
        sourceContactId: "chat-a1",
        continuedFrom: "chat-a1",
      },
    ]);
  });

  it("takes the error branch with no such ended chat, and on a voice contact", async () => {
    expect((await run(persist("FROM_SEGMENT", "chat-zz"), { pastChats })).said).toEqual(["failed"]);
    const voice = await run(persist("FROM_SEGMENT", "chat-a1"), { pastChats, channel: "VOICE" });
    expect(voice.said).toEqual(["failed"]);
    expect(voice.result.steps[0]?.detail).toBe("persistent chat is chat only");
  });

  it("takes the two rehydration types and a static or single-reference source", () => {
    expect(problemsOf(persist("LAST_SEGMENT", "chat-$.Attributes.n"))).toEqual([
      'action "under-test" (CreatePersistentContactAssociation): Parameters.RehydrationType must be one of "ENTIRE_PAST_SESSION", "FROM_SEGMENT", got "LAST_SEGMENT"',
      'action "under-test" (CreatePersistentContactAssociation): Parameters.SourceContactId must be static or exactly one $. reference, got "chat-$.Attributes.n"',
    ]);
  });
});
