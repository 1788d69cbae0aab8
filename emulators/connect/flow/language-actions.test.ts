import { describe, expect, it } from "vitest";
import { autoAdvancingClock } from "./flow-clock.ts";
import { InMemoryFlowHost } from "./in-memory-host.ts";
import { runFlow } from "./run-flow.ts";
import { ScriptedCaller } from "./scripted-caller.ts";
import { loadFlow } from "./validate-flow.ts";

const next = (id: string) => ({
  NextAction: id,
  Errors: [{ ErrorType: "NoMatchingError", NextAction: "hang-up" }],
});
const hangUp = { Identifier: "hang-up", Type: "DisconnectParticipant", Transitions: {} };

function flowWith(setLanguage: Record<string, unknown>, setVoice: Record<string, unknown>) {
  return loadFlow({
    Version: "2019-10-30",
    StartAction: "language",
    Actions: [
      {
        Identifier: "language",
        Type: "UpdateContactData",
        Parameters: setLanguage,
        Transitions: next("voice"),
      },
      {
        Identifier: "voice",
        Type: "UpdateContactTextToSpeechVoice",
        Parameters: setVoice,
        Transitions: next("say"),
      },
      {
        Identifier: "say",
        Type: "MessageParticipant",
        Parameters: { Text: "$.LanguageCode by $.TextToSpeechVoiceId" },
        Transitions: next("hang-up"),
      },
      hangUp,
    ],
  });
}

describe("the call's language and voice", () => {
  it("sets $.LanguageCode and $.TextToSpeechVoiceId for the prompts that follow", async () => {
    const clock = autoAdvancingClock();
    const caller = new ScriptedCaller(clock);
    const host = new InMemoryFlowHost({
      clock,
      participant: caller,
      attributes: { lang: "es-US" },
    });
    const flow = flowWith(
      { LanguageCode: "$.Attributes.lang" },
      { TextToSpeechVoice: "Lupe", TextToSpeechEngine: "neural" },
    );
    await runFlow({ flow, host });
    expect(caller.heard.map((h) => h.content)).toEqual(["es-US by Lupe"]);
    expect(host.contactData()).toMatchObject({
      languageCode: "es-US",
      textToSpeechVoiceId: "Lupe",
    });
  });

  it("refuses a language code or engine that is not one, naming the field", () => {
    expect(() => flowWith({ LanguageCode: "spanish" }, { TextToSpeechVoice: "Lupe" })).toThrow(
      /"language".*Parameters\.LanguageCode must be a language code/,
    );
    expect(() =>
      flowWith(
        { LanguageCode: "es-US" },
        { TextToSpeechVoice: "Lupe", TextToSpeechEngine: "turbo" },
      ),
    ).toThrow(/"voice".*Parameters\.TextToSpeechEngine must be one of/);
    expect(() => flowWith({ Language: "es-US" }, { TextToSpeechVoice: "Lupe" })).toThrow(
      /Parameters\.Language is not a field of UpdateContactData/,
    );
  });
});
