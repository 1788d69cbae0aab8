import { beforeAll, describe, expect, it } from "vitest";
import { resamplePcm } from "./pcm-resampler.ts";
import type { RecognitionResult } from "./recognition-result.ts";
import { SpeechEngine, type Synthesis } from "./speech-engine.ts";
import {
  concatPcm,
  firstSoundSeconds,
  recognizeInChunks,
  silence,
  soxNoise,
  soxResample,
  throughMatroskaFlac,
} from "./test-support/test-audio.ts";

const SENTENCES = [
  { text: "Hello, I am calling about my bill.", voiceId: "Joanna" },
  { text: "Yes.", voiceId: "Matthew" },
  // espeak pauses at the comma: silence inside the utterance.
  { text: "I moved house last month, and my address has changed.", voiceId: "Amy" },
] as const;
const GAPS = [0.7, 1.1, 0.45, 0.9];

const engine = new SpeechEngine();
let spoken: Synthesis[] = [];
let stream16k: Int16Array;
/** Where each sentence's sound starts in the stream (s). */
let onsets: number[] = [];

beforeAll(async () => {
  spoken = await Promise.all(
    SENTENCES.map(({ text, voiceId }) =>
      engine.synthesize({ text, textType: "text", voiceId, sampleRateHz: 16_000 }),
    ),
  );
  const parts: Int16Array[] = [];
  let at = 0;
  onsets = [];
  for (const [i, speech] of spoken.entries()) {
    const gap = silence(GAPS[i] ?? 0.5, 16_000);
    parts.push(gap, speech.audio);
    onsets.push(at + gap.length / 16_000 + firstSoundSeconds(speech.audio, 16_000));
    at += (gap.length + speech.audio.length) / 16_000;
  }
  parts.push(silence(GAPS[3] ?? 0.5, 16_000));
  stream16k = concatPcm(parts);
});

const finals = (results: readonly RecognitionResult[]) => results.filter((r) => !r.isPartial);
const texts = SENTENCES.map((s) => s.text);

function expectFound(results: readonly RecognitionResult[]): void {
  const found = finals(results);
  expect(found.map((r) => r.transcript)).toEqual(texts);
  for (const [i, result] of found.entries()) {
    // Within 30 ms of where the sound starts (the frame is 10 ms, the match is to 2.5 ms).
    expect(Math.abs(result.startSeconds - (onsets[i] ?? 0))).toBeLessThan(0.03);
    expect(result.endSeconds).toBeGreaterThan(result.startSeconds);
  }
}

describe("UtteranceRecognizer", () => {
  it("finds each sentence of a 16 kHz stream fed in random chunks, with silence around and between", () => {
    const results = recognizeInChunks(
      engine.createRecognizer({ sampleRateHz: 16_000 }),
      stream16k,
      1,
    );
    expectFound(results);
  });

  it("finds them after sox resamples the stream to 8 kHz and halves its gain", () => {
    const heard = soxResample(stream16k, 16_000, 8000, 0.5);
    expectFound(recognizeInChunks(engine.createRecognizer({ sampleRateHz: 8000 }), heard, 2));
  });

  it("finds them after our own resampler, at double gain", () => {
    const heard = resamplePcm(stream16k, 16_000, 8000).map((v) =>
      Math.max(-32768, Math.min(32767, v * 2)),
    );
    expectFound(recognizeInChunks(engine.createRecognizer({ sampleRateHz: 8000 }), heard, 3));
  });

  it("finds them after a round trip through FLAC in Matroska", () => {
    const heard = throughMatroskaFlac(resamplePcm(stream16k, 16_000, 8000), 8000);
    expectFound(recognizeInChunks(engine.createRecognizer({ sampleRateHz: 8000 }), heard, 4));
  });

  it("gives the same finals whatever the chunk boundaries", () => {
    const run = (seed: number) =>
      finals(
        recognizeInChunks(engine.createRecognizer({ sampleRateHz: 16_000 }), stream16k, seed),
      ).map(({ resultId: _id, ...rest }) => rest);
    expect(run(10)).toEqual(run(11));
  });

  it("sends partial results with growing words before each final, under the same ResultId", () => {
    const results = recognizeInChunks(
      engine.createRecognizer({ sampleRateHz: 16_000 }),
      stream16k,
      5,
    );
    const last = finals(results)[2] as RecognitionResult;
    const partials = results.filter((r) => r.isPartial && r.resultId === last.resultId);
    expect(partials.length).toBeGreaterThan(2);
    const counts = partials.map((r) => r.items.filter((i) => i.type === "pronunciation").length);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(results.indexOf(partials[partials.length - 1] as RecognitionResult)).toBeLessThan(
      results.indexOf(last),
    );
  });

  it("spreads word items over the utterance in order", () => {
    const result = finals(
      recognizeInChunks(engine.createRecognizer({ sampleRateHz: 16_000 }), stream16k, 6),
    )[0];
    const words = result?.items.filter((i) => i.type === "pronunciation") ?? [];
    expect(words.map((w) => w.content)).toEqual([
      "Hello",
      "I",
      "am",
      "calling",
      "about",
      "my",
      "bill",
    ]);
    for (const [i, word] of words.entries()) {
      expect(word.endSeconds).toBeGreaterThan(word.startSeconds);
      expect(word.startSeconds).toBeGreaterThanOrEqual(
        words[i - 1]?.endSeconds ?? result?.startSeconds ?? 0,
      );
    }
    expect(words[words.length - 1]?.endSeconds).toBeLessThanOrEqual(
      (result?.endSeconds ?? 0) + 1e-9,
    );
  });

  it("sends the final result the configured audio time after the utterance ends", () => {
    const recognizer = engine.createRecognizer({
      sampleRateHz: 16_000,
      endOfUtteranceSeconds: 0.5,
    });
    const heardAt: number[] = [];
    for (let at = 0; at < stream16k.length; at += 160) {
      for (const result of recognizer.push(stream16k.subarray(at, at + 160))) {
        if (!result.isPartial) heardAt.push(recognizer.heardSeconds - result.endSeconds);
      }
    }
    expect(heardAt).toHaveLength(3);
    for (const lag of heardAt) expect(Math.abs(lag - 0.5)).toBeLessThan(0.03);
  });

  it("returns nothing for speech its library never heard", async () => {
    const stranger = new SpeechEngine();
    const unknown = await stranger.synthesize({
      text: "The parcel was left with a neighbour.",
      textType: "text",
      voiceId: "Joanna",
      sampleRateHz: 8000,
    });
    const heard = concatPcm([silence(0.5, 8000), unknown.audio, silence(0.5, 8000)]);
    expect(recognizeInChunks(engine.createRecognizer({ sampleRateHz: 8000 }), heard, 7)).toEqual(
      [],
    );
  });

  it("returns nothing for noise and tone bursts", () => {
    const tone = new Int16Array(8000).map((_, i) =>
      i % 2400 < 1600 ? 8000 * Math.sin((2 * Math.PI * 440 * i) / 8000) : 0,
    );
    const heard = concatPcm([soxNoise(2), silence(0.5, 8000), tone, tone, silence(0.5, 8000)]);
    expect(recognizeInChunks(engine.createRecognizer({ sampleRateHz: 8000 }), heard, 8)).toEqual(
      [],
    );
  });

  it("only matches utterances of the stream's language", () => {
    const results = recognizeInChunks(
      engine.createRecognizer({ sampleRateHz: 16_000, languageCode: "es-US" }),
      stream16k,
      9,
    );
    expect(results).toEqual([]);
  });

  it("finalizes the words heard when the audio stops in the middle of a sentence, as Transcribe does", () => {
    const long = spoken[2]?.audio ?? new Int16Array(0);
    // The stream stops about two thirds of the way into the sentence.
    const cut = long.subarray(0, Math.floor(long.length * 0.65));
    const recognizer = engine.createRecognizer({ sampleRateHz: 16_000 });
    const results = recognizeInChunks(recognizer, concatPcm([silence(0.5, 16_000), cut]), 3);
    const [final, ...more] = finals(results);
    expect(more).toEqual([]);
    expect(final?.transcript.startsWith("I moved house")).toBe(true);
    expect(final?.transcript).not.toContain("address has changed");
  });

  it("finalizes nothing for a stream cut before any word was heard in full", () => {
    const opening = (spoken[0]?.audio ?? new Int16Array(0)).subarray(0, 1600);
    const recognizer = engine.createRecognizer({ sampleRateHz: 16_000 });
    const results = recognizeInChunks(recognizer, concatPcm([silence(0.5, 16_000), opening]), 4);
    expect(finals(results)).toEqual([]);
  });
});
