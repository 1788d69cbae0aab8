import { describe, expect, it } from "vitest";
import { autoAdvancingClock } from "./flow-clock.ts";
import { InMemoryFlowHost } from "./in-memory-host.ts";
import { runFlow } from "./run-flow.ts";
import { ScriptedCaller } from "./scripted-caller.ts";
import { hangUp, say } from "./test-support/flow-steps.ts";
import { loadFlow, validateFlow } from "./validate-flow.ts";

const step = (Identifier: string, Type: string, Parameters: object, NextAction: string) => ({
  Identifier,
  Type,
  Parameters,
  Transitions: { NextAction, Errors: [{ ErrorType: "NoMatchingError", NextAction: "failed" }] },
});
const flow = (actions: object[]) =>
  loadFlow({
    Version: "2019-10-30",
    StartAction: (actions[0] as { Identifier: string }).Identifier,
    Actions: [...actions, say("failed", "failed"), hangUp],
  });

function hostWith(attributes: Record<string, string>, notDialable: string[] = []) {
  const clock = autoAdvancingClock();
  const caller = new ScriptedCaller(clock);
  return {
    caller,
    host: new InMemoryFlowHost({ clock, participant: caller, attributes, notDialable }),
  };
}

describe("flow attributes, tags and routing", () => {
  it("reads flow attributes in later blocks, tags the contact and sets its priority and criteria", async () => {
    const { caller, host } = hostWith({ name: "Sam", team: "billing" });
    const criteria = { Steps: [{ Expression: { AttributeCondition: { Name: "Skill" } } }] };
    await runFlow({
      host,
      flow: flow([
        step(
          "greet",
          "UpdateFlowAttributes",
          { FlowAttributes: { greeting: { Value: "Hello $.Attributes.name" } } },
          "say",
        ),
        step("say", "MessageParticipant", { Text: "$.FlowAttributes.greeting" }, "tag"),
        step("tag", "TagContact", { Tags: { team: "$.Attributes.team" } }, "priority"),
        step("priority", "UpdateContactRoutingBehavior", { QueuePriority: "2" }, "criteria"),
        step("criteria", "UpdateContactRoutingCriteria", { RoutingCriteria: criteria }, "hang-up"),
      ]),
    });
    expect(caller.heard.map((h) => h.content)).toEqual(["Hello Sam"]);
    expect(host.settings).toEqual([
      { kind: "tags", tags: { team: "billing" } },
      { kind: "routingBehavior", queuePriority: 2 },
      { kind: "routingCriteria", criteria },
    ]);
  });

  it("takes the callback number's own error branches, then queues the callback", async () => {
    const callbackFlow = flow([
      {
        Identifier: "number",
        Type: "UpdateContactCallbackNumber",
        Parameters: { CallbackNumber: "$.Attributes.cb" },
        Transitions: {
          NextAction: "callback",
          Errors: [
            { ErrorType: "InvalidCallbackNumber", NextAction: "invalid" },
            { ErrorType: "CallbackNumberNotDialable", NextAction: "undialable" },
          ],
        },
      },
      step(
        "callback",
        "CreateCallbackContact",
        { InitialCallDelaySeconds: "5", MaximumConnectionAttempts: "2", RetryDelaySeconds: "60" },
        "queued",
      ),
      say("invalid", "invalid"),
      say("undialable", "undialable"),
      say("queued", "queued"),
    ]);
    const heard = async (cb: string) => {
      const { caller, host } = hostWith({ cb }, ["+449999999999"]);
      await runFlow({ flow: callbackFlow, host });
      return { heard: caller.heard.map((h) => h.content), settings: host.settings };
    };
    expect((await heard("0123 456")).heard).toEqual(["invalid"]);
    expect((await heard("+449999999999")).heard).toEqual(["undialable"]);
    const queued = await heard("+447700900123");
    expect(queued.heard).toEqual(["queued"]);
    expect(queued.settings).toEqual([
      { kind: "callbackNumber", phoneNumber: "+447700900123" },
      {
        kind: "callback",
        initialCallDelaySeconds: 5,
        maximumConnectionAttempts: 2,
        retryDelaySeconds: 60,
      },
    ]);
  });
});

describe("parameters as Connect's own exports write them", () => {
  const waitFlow = (parameters: object) => ({
    Version: "2019-10-30",
    StartAction: "wait",
    Actions: [
      {
        Identifier: "wait",
        Type: "Wait",
        Parameters: parameters,
        Transitions: {
          NextAction: "hang-up",
          Conditions: [
            {
              NextAction: "hang-up",
              Condition: { Operator: "Equals", Operands: ["WaitCompleted"] },
            },
          ],
          Errors: [{ ErrorType: "NoMatchingError", NextAction: "hang-up" }],
        },
      },
      hangUp,
    ],
  });

  it("takes a Wait's TimeLimitSeconds or TimeoutSeconds, but not both or neither", () => {
    expect(validateFlow(waitFlow({ TimeLimitSeconds: "900" })).ok).toBe(true);
    expect(validateFlow(waitFlow({ TimeoutSeconds: "900" })).ok).toBe(true);
    expect(validateFlow(waitFlow({})).ok).toBe(false);
    expect(validateFlow(waitFlow({ TimeLimitSeconds: "9", TimeoutSeconds: "9" }))).toMatchObject({
      problems: [
        'action "wait" (Wait): Parameters must have exactly one of TimeLimitSeconds, TimeoutSeconds, got TimeLimitSeconds, TimeoutSeconds',
      ],
    });
  });

  it("takes the text-to-speech engine capitalised, as the console exports it", async () => {
    const { host } = hostWith({});
    await runFlow({
      host,
      flow: flow([
        step(
          "voice",
          "UpdateContactTextToSpeechVoice",
          { TextToSpeechVoice: "Amy", TextToSpeechEngine: "Neural" },
          "hang-up",
        ),
      ]),
    });
    expect(host.settings).toEqual([{ kind: "voice", voiceId: "Amy", engine: "neural" }]);
  });
});
