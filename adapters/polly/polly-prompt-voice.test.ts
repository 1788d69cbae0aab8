import { PollyClient } from "@aws-sdk/client-polly";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DependencyFailedError, InvalidInputError } from "../../core/errors.ts";
import type { PromptSpeech } from "../../core/ports/prompt-voice.ts";
import { type PollyEmulator, startPollyEmulator } from "../../emulators/polly/index.ts";
import { PollyPromptVoice } from "./polly-prompt-voice.ts";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
let emulator: PollyEmulator;
let client: PollyClient;
let voice: PollyPromptVoice;

beforeAll(async () => {
  emulator = await startPollyEmulator();
  // The SDK's default handler (HTTP/2, cleartext to the emulator); two attempts keep the
  // throttling tests short while still showing the retry.
  client = new PollyClient({
    region: "eu-west-2",
    endpoint: emulator.url,
    credentials,
    maxAttempts: 2,
  });
  voice = new PollyPromptVoice({ client });
});

afterAll(async () => {
  client.destroy();
  await emulator.close();
});

const hello: PromptSpeech = {
  text: '<speak>Thanks for calling. <break time="300ms"/>An agent will be with you soon.</speak>',
  textType: "ssml",
  voiceId: "Joanna",
  engine: "neural",
  languageCode: "en-US",
  sampleRateHz: 8000,
};

function samples(audio: Uint8Array): Int16Array {
  return new Int16Array(audio.buffer, audio.byteOffset, audio.length / 2);
}

describe("PollyPromptVoice against the Polly emulator", () => {
  it("speaks SSML as 8 kHz 16-bit PCM of a plausible length", async () => {
    const spoken = await voice.speak(hello);
    expect(spoken.sampleRateHz).toBe(8000);
    expect(spoken.audio.length % 2).toBe(0);
    const seconds = spoken.audio.length / 2 / 8000;
    expect(seconds).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(8);
    expect(Math.max(...samples(spoken.audio).map(Math.abs))).toBeGreaterThan(1000);
    const request = emulator.requests.list({ operation: "SynthesizeSpeech" }).at(-1);
    expect(JSON.parse(request?.body ?? "{}")).toMatchObject({
      OutputFormat: "pcm",
      SampleRate: "8000",
      TextType: "ssml",
      VoiceId: "Joanna",
      Engine: "neural",
      LanguageCode: "en-US",
    });
  });

  it("gives twice the samples at 16 kHz, and sends no Engine or LanguageCode when left out", async () => {
    const { engine: _engine, languageCode: _language, ...plain } = hello;
    const low = await voice.speak(plain);
    const high = await voice.speak({ ...plain, sampleRateHz: 16000 });
    expect(high.sampleRateHz).toBe(16000);
    expect(Math.abs(high.audio.length / low.audio.length - 2)).toBeLessThan(0.01);
    const body = JSON.parse(
      emulator.requests.list({ operation: "SynthesizeSpeech" }).at(-1)?.body ?? "{}",
    );
    expect(body).not.toHaveProperty("Engine");
    expect(body).not.toHaveProperty("LanguageCode");
  });

  it.each([
    [
      "SSML that is not well-formed",
      { text: "<speak>Hello <break></speak>" },
      "InvalidSsmlException",
    ],
    [
      "a tag the engine does not take",
      { text: "<speak><emphasis>Now</emphasis></speak>" },
      "InvalidSsmlException",
    ],
    [
      "text over 3,000 billed characters",
      { text: `<speak>${"a ".repeat(1600)}</speak>` },
      "TextLengthExceededException",
    ],
    ["an unknown voice", { voiceId: "Nobody" }, "ValidationException"],
    [
      "a language the voice does not speak",
      { languageCode: "es-US" },
      "LanguageNotSupportedException",
    ],
  ])(
    "refuses %s as InvalidInputError carrying Polly's name and message",
    async (_, change, name) => {
      const failure = await voice.speak({ ...hello, ...change }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(InvalidInputError);
      const message = (failure as Error).message;
      expect(message).toContain(name);
      // Polly's own message follows its name (the emulator's wording for these).
      expect(message).toMatch(new RegExp(`${name}: \\S`));
      expect((failure as InvalidInputError).details).toMatchObject({
        vendorCode: name,
        httpStatus: 400,
      });
    },
  );

  it("rides out one throttle with the SDK's retry", async () => {
    emulator.faults.failNext("SynthesizeSpeech", { status: 400 });
    const spoken = await voice.speak(hello);
    expect(spoken.audio.length).toBeGreaterThan(0);
  });

  it("reports throttling that outlasts the retries as DependencyFailedError", async () => {
    emulator.faults.failNext("SynthesizeSpeech", { status: 400 }, 2);
    const failure = await voice.speak(hello).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DependencyFailedError);
    expect((failure as Error).message).toContain("ThrottlingException");
  });

  it("reports a 5xx as DependencyFailedError with the status", async () => {
    emulator.faults.failNext("SynthesizeSpeech", { status: 503 }, 2);
    const failure = await voice.speak(hello).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DependencyFailedError);
    expect((failure as Error).message).toContain("ServiceFailureException");
    expect((failure as DependencyFailedError).details).toMatchObject({ httpStatus: 503 });
  });
});

describe("PollyPromptVoice without Polly", () => {
  it("reports an endpoint nothing listens on as DependencyFailedError", async () => {
    const closed = await startPollyEmulator();
    const url = closed.url;
    await closed.close();
    const offline = new PollyClient({
      region: "eu-west-2",
      endpoint: url,
      credentials,
      maxAttempts: 1,
    });
    const failure = await new PollyPromptVoice({ client: offline })
      .speak(hello)
      .catch((error: unknown) => error);
    offline.destroy();
    expect(failure).toBeInstanceOf(DependencyFailedError);
    expect((failure as Error).message).toMatch(/ECONNREFUSED/);
  });
});
