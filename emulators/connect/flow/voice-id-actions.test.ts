import { describe, expect, it } from "vitest";
import { autoAdvancingClock } from "./flow-clock.ts";
import { InMemoryFlowHost } from "./in-memory-host.ts";
import { runFlow } from "./run-flow.ts";
import { ScriptedCaller } from "./scripted-caller.ts";
import { hangUp, say } from "./test-support/flow-steps.ts";
import { loadFlow, validateFlow } from "./validate-flow.ts";

const ASSISTANT = "arn:aws:wisdom:eu-west-2:111122223333:assistant/a1";
const onError = [{ ErrorType: "NoMatchingError", NextAction: "error" }];
const document = {
  Version: "2019-10-30",
  StartAction: "wisdom",
  Actions: [
    {
      Identifier: "wisdom",
      Type: "CreateWisdomSession",
      Parameters: { WisdomAssistantArn: ASSISTANT },
      Transitions: { NextAction: "stream", Errors: onError },
    },
    {
      Identifier: "stream",
      Type: "StartVoiceIdStream",
      Parameters: {},
      Transitions: { NextAction: "check", Errors: onError },
    },
    {
      Identifier: "check",
      Type: "CheckVoiceId",
      Parameters: { CheckVoiceIdOption: "voiceAuthentication" },
      Transitions: {
        NextAction: "error",
        Conditions: [
          { NextAction: "known", Condition: { Operator: "Equals", Operands: ["Authenticated"] } },
          { NextAction: "unsure", Condition: { Operator: "Equals", Operands: ["Inconclusive"] } },
        ],
        Errors: onError,
      },
    },
    say("known", "Verified, session $.Wisdom.SessionArn"),
    say("unsure", "Not sure"),
    say("error", "Error"),
    hangUp,
  ],
};

async function call(voiceId: Record<string, string>, channel: "VOICE" | "CHAT" = "VOICE") {
  const clock = autoAdvancingClock();
  const caller = new ScriptedCaller(clock);
  const host = new InMemoryFlowHost({
    clock,
    participant: caller,
    channel,
    contactId: "c1",
    voiceId,
    assistants: [ASSISTANT],
  });
  await runFlow({ flow: loadFlow(document), host });
  return { heard: caller.heard.map((h) => h.content), settings: host.settings };
}

describe("Voice ID and Amazon Q in Connect sessions", () => {
  it("streams to Voice ID and branches on its answer, with the assistant session in $.Wisdom", async () => {
    const known = await call({ voiceAuthentication: "Authenticated" });
    expect(known.heard).toEqual([
      "Verified, session arn:aws:wisdom:eu-west-2:111122223333:session/a1/c1",
    ]);
    expect(known.settings).toEqual([{ kind: "voiceIdStream" }]);
    expect((await call({ voiceAuthentication: "Inconclusive" })).heard).toEqual(["Not sure"]);
    expect((await call({})).heard).toEqual(["Error"]);
  });

  it("refuses an answer the option does not give", () => {
    const wrong = structuredClone(document);
    const check = wrong.Actions[2] as {
      Transitions: { Conditions: { Condition: { Operands: string[] } }[] };
    };
    const first = check.Transitions.Conditions[0];
    if (first) first.Condition.Operands = ["HighRisk"];
    expect(validateFlow(wrong)).toMatchObject({
      problems: [
        'action "check" (CheckVoiceId): Transitions.Conditions[0].Condition.Operands must be one of Authenticated, NotAuthenticated, Inconclusive, NotEnrolled, OptedOut, got ["HighRisk"]',
      ],
    });
  });
});
