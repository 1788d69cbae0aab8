import { describe, expect, it } from "vitest";
import { EspeakMissingError, espeakAvailable } from "./espeak-process.ts";
import { spokenText, toEspeakSsml } from "./espeak-ssml.ts";
import { SpeechEngine } from "./speech-engine.ts";
import { UnknownVoiceError } from "./speech-synthesizer.ts";
import { parseSsml } from "./ssml-tree.ts";
import { concatPcm, recognizeInChunks, silence } from "./test-support/test-audio.ts";
import { UtteranceLibrary } from "./utterance-library.ts";
import { tokenize } from "./word-timing.ts";

describe("SpeechEngine", () => {
  it("finds espeak-ng installed here", async () => {
    expect(await espeakAvailable()).toBe(true);
  });

  it("synthesizes 8 kHz speech of a plausible length and registers it", async () => {
    const engine = new SpeechEngine();
    const speech = await engine.synthesize({
      text: "Your call is important to us.",
      textType: "text",
      voiceId: "Joanna",
      sampleRateHz: 8000,
    });
    expect(speech.sampleRateHz).toBe(8000);
    expect(speech.durationSeconds).toBeGreaterThan(1);
    expect(speech.durationSeconds).toBeLessThan(4);
    expect(engine.library.list().map((u) => u.text)).toEqual(["Your call is important to us."]);
  });

  it("serves a repeated sentence from the cache, with the same samples", async () => {
    const engine = new SpeechEngine();
    const request = {
      text: "Please hold.",
      textType: "text",
      voiceId: "Kendra",
      sampleRateHz: 16_000,
    } as const;
    const first = await engine.synthesize(request);
    const started = performance.now();
    const second = await engine.synthesize(request);
    expect(performance.now() - started).toBeLessThan(first.durationSeconds * 1000);
    expect(second.audio).toEqual(first.audio);
    expect(engine.library.size).toBe(1);
  });

  it("gives different voices different audio", async () => {
    const engine = new SpeechEngine();
    const say = (voiceId: string) =>
      engine.synthesize({ text: "Good afternoon.", textType: "text", voiceId, sampleRateHz: 8000 });
    const [joanna, matthew] = await Promise.all([say("Joanna"), say("Matthew")]);
    expect(joanna.audio).not.toEqual(matthew.audio);
  });

  it("renders caller audio at 8 kHz that the recogniser then hears", async () => {
    const engine = new SpeechEngine();
    const audio = await engine.callVoice.render({
      text: "<speak>I need <emphasis>help</emphasis> with my order.</speak>",
      textType: "ssml",
      languageCode: "en-GB",
    });
    const heard = concatPcm([silence(0.3, 8000), audio, silence(0.3, 8000)]);
    const results = recognizeInChunks(
      engine.createRecognizer({ sampleRateHz: 8000, languageCode: "en-GB" }),
      heard,
      1,
    );
    expect(results.filter((r) => !r.isPartial).map((r) => r.transcript)).toEqual([
      "I need help with my order.",
    ]);
  });

  it("speaks Spanish, French and German voices", async () => {
    const engine = new SpeechEngine();
    for (const [voiceId, text] of [
      ["Lupe", "Hola, buenos días."],
      ["Lea", "Bonjour."],
      ["Vicki", "Guten Tag."],
    ] as const) {
      const speech = await engine.synthesize({
        text,
        textType: "text",
        voiceId,
        sampleRateHz: 8000,
      });
      expect(speech.durationSeconds).toBeGreaterThan(0.3);
    }
    expect(engine.library.list().map((u) => u.languageCode)).toEqual(["es-US", "fr-FR", "de-DE"]);
  });

  it("refuses an unknown voice", async () => {
    await expect(
      new SpeechEngine().synthesize({
        text: "x",
        textType: "text",
        voiceId: "Nobody",
        sampleRateHz: 8000,
      }),
    ).rejects.toBeInstanceOf(UnknownVoiceError);
  });

  it("says clearly when espeak-ng is missing", async () => {
    const engine = new SpeechEngine({ command: "espeak-ng-not-installed" });
    const failure = engine.synthesize({
      text: "Hello.",
      textType: "text",
      voiceId: "Joanna",
      sampleRateHz: 8000,
    });
    await expect(failure).rejects.toBeInstanceOf(EspeakMissingError);
    await expect(failure).rejects.toThrow(/apt-get install espeak-ng/u);
    expect(await espeakAvailable("espeak-ng-not-installed")).toBe(false);
  });

  it("forgets the oldest utterances past its bound", async () => {
    const engine = new SpeechEngine({ library: new UtteranceLibrary({ maxUtterances: 2 }) });
    for (const text of ["One.", "Two.", "Three."]) {
      await engine.synthesize({ text, textType: "text", voiceId: "Joanna", sampleRateHz: 8000 });
    }
    expect(engine.library.list().map((u) => u.text)).toEqual(["Two.", "Three."]);
  });
});

describe("Polly SSML for espeak-ng", () => {
  const ssml = parseSsml(
    '<speak>Hi <amazon:effect name="whispered">there</amazon:effect>, <break time="2s"/><sub alias="World Wide Web">WWW</sub> ' +
      '<say-as interpret-as="digits">123</say-as> <mark name="m"/><say-as interpret-as="expletive">darn</say-as> <w role="amazon:VB">read</w>.</speak>',
  );

  it("keeps the words a listener hears", () => {
    expect(spokenText(ssml)).toBe("Hi there, World Wide Web 123 read.");
  });

  it("gives espeak-ng only tags it knows", () => {
    expect(toEspeakSsml(ssml)).toBe(
      '<speak>Hi there, <break time="2000ms"/>World Wide Web 1 2 3 <break time="400ms"/> read.</speak>',
    );
  });

  it("splits punctuation from words", () => {
    const kinds = tokenize("Hello, world! Yes?").map(
      (t) => `${t.type === "punctuation" ? "mark" : "word"}:${t.content}`,
    );
    expect(kinds).toEqual(["word:Hello", "mark:,", "word:world", "mark:!", "word:Yes", "mark:?"]);
  });
});
