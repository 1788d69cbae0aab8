import { describe, expect, it } from "vitest";
import type { InMemoryFlowHostOptions } from "./in-memory-host.ts";
import { FAILED, flowWith, problemsOf, runInMemory } from "./test-support/flow-under-test.ts";

const PROCESSOR = "arn:aws:lambda:eu-west-2:111122223333:function:redact-messages";

/** A chat (unless `options` say otherwise); what the customer was sent, the host, the result. */
async function run(flow: object, options: Partial<InMemoryFlowHostOptions> = {}) {
  const { heard, host, result } = await runInMemory(flow, {
    channel: "CHAT",
    contactId: "chat-now",
    ...options,
  });
  return { said: heard, host, result };
}

describe("UpdateContactMediaProcessing", () => {
  const BOTH = [
    { ErrorType: "ChannelMismatch", NextAction: "mismatch" },
    { ErrorType: "NoMatchingError", NextAction: "failed" },
  ];
  const processing = (ChatProcessor: object, errors: object[] = BOTH) =>
    flowWith(
      { Type: "UpdateContactMediaProcessing", Parameters: { ChatProcessor } },
      { errors, prompts: ["mismatch"] },
    );
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
  const persist = (RehydrationType: string, SourceContactId = "$.Attributes.previousChat") =>
    flowWith(
      {
        Type: "CreatePersistentContactAssociation",
        Parameters: { RehydrationType, SourceContactId },
      },
      { errors: FAILED, prompts: ["mismatch"] },
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
