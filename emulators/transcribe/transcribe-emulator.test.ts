import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import {
  type AudioStream,
  BadRequestException,
  StartStreamTranscriptionCommand,
  TranscribeStreamingClient,
  type TranscriptResultStream,
} from "@aws-sdk/client-transcribe-streaming";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeMulaw } from "../polly/g711-codec.ts";
import { startPollyEmulator } from "../polly/server.ts";
import { SpeechEngine } from "../speech/index.ts";
import { startTranscribeEmulator, type TranscribeEmulator } from "./server.ts";

const speech = new SpeechEngine();
/** A second engine whose speech the emulator's library has never heard. */
const stranger = new SpeechEngine();
let emulator: TranscribeEmulator;
let client: TranscribeStreamingClient;

beforeAll(async () => {
  emulator = await startTranscribeEmulator({ speech, noAudioTimeoutMs: 500 });
  client = new TranscribeStreamingClient({
    region: "eu-west-2",
    endpoint: emulator.url,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
  });
});

afterAll(async () => {
  client.destroy();
  await emulator.close();
});

function concat(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Little-endian bytes in uneven chunks (a seeded walk, each at most 0.9 s at 8 kHz). */
async function* unevenChunks(
  samples: Int16Array,
  options: { pauseMs?: number } = {},
): AsyncGenerator<AudioStream> {
  const bytes = Buffer.alloc(samples.length * 2);
  for (const [i, value] of samples.entries()) bytes.writeInt16LE(value, 2 * i);
  let seed = 7;
  for (let at = 0; at < bytes.length; ) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (seed % 14_400);
    yield { AudioEvent: { AudioChunk: bytes.subarray(at, at + size) } };
    at += size;
  }
  if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
}

async function transcribe(audio: AsyncIterable<AudioStream>, sampleRate = 8000) {
  const response = await client.send(
    new StartStreamTranscriptionCommand({
      LanguageCode: "en-US",
      MediaEncoding: "pcm",
      MediaSampleRateHertz: sampleRate,
      AudioStream: audio,
    }),
  );
  const results = [];
  for await (const event of response.TranscriptResultStream as AsyncIterable<TranscriptResultStream>) {
    results.push(...(event.TranscriptEvent?.Transcript?.Results ?? []));
  }
  return { response, results };
}

const silence = (seconds: number) => new Int16Array(Math.round(seconds * 8000));

describe("Transcribe streaming emulator with @aws-sdk/client-transcribe-streaming", () => {
  it("finds two synthesized sentences in uneven chunks, with times where they were said", async () => {
    const say = (text: string, voiceId: string) =>
      speech.synthesize({ text, textType: "text", voiceId, sampleRateHz: 8000 });
    const first = await say("I would like to pay my bill, please.", "Joanna");
    const second = await say("Can you call me back tomorrow?", "Matthew");
    const audio = concat([silence(0.6), first.audio, silence(1.2), second.audio, silence(0.5)]);
    const { response, results } = await transcribe(unevenChunks(audio));
    expect(response.MediaSampleRateHertz).toBe(8000);
    expect(response.LanguageCode).toBe("en-US");
    expect(response.SessionId).toMatch(/^[0-9a-f-]{36}$/u);
    const finals = results.filter((result) => !result.IsPartial);
    expect(finals.map((result) => result.Alternatives?.[0]?.Transcript)).toEqual([
      "I would like to pay my bill, please.",
      "Can you call me back tomorrow?",
    ]);
    const secondStart = 0.6 + first.durationSeconds + 1.2;
    expect(finals[0]?.StartTime).toBeGreaterThanOrEqual(0.6);
    expect(finals[0]?.StartTime).toBeLessThan(0.8);
    expect(finals[0]?.EndTime).toBeLessThanOrEqual(0.6 + first.durationSeconds);
    expect(finals[1]?.StartTime).toBeGreaterThanOrEqual(secondStart);
    expect(finals[1]?.StartTime).toBeLessThan(secondStart + 0.2);
    const words = finals[0]?.Alternatives?.[0]?.Items?.filter(
      (item) => item.Type === "pronunciation",
    );
    expect(words?.map((item) => item.Content)).toEqual([
      "I",
      "would",
      "like",
      "to",
      "pay",
      "my",
      "bill",
      "please",
    ]);
    // Partials share their utterance's ResultId and come before its final.
    const partials = results.filter(
      (result) => result.IsPartial && result.ResultId === finals[0]?.ResultId,
    );
    expect(partials.length).toBeGreaterThan(0);
    expect(
      emulator
        .sessions()
        .at(-1)
        ?.finals.map((result) => result.transcript),
    ).toHaveLength(2);
  });

  it("recognises 16 kHz audio of a sentence synthesized at 8 kHz", async () => {
    const speech16 = await speech.synthesize({
      text: "Good morning.",
      textType: "text",
      voiceId: "Amy",
      sampleRateHz: 16_000,
    });
    const audio = concat([new Int16Array(8000), speech16.audio, new Int16Array(8000)]);
    const { results } = await transcribe(unevenChunks(audio), 16_000);
    expect(results.filter((r) => !r.IsPartial).map((r) => r.Alternatives?.[0]?.Transcript)).toEqual(
      ["Good morning."],
    );
  });

  it("hears what the Polly emulator said, after G.711 mu-law, when both share the engine", async () => {
    const polly = await startPollyEmulator({ speech });
    const pollyClient = new PollyClient({
      region: "eu-west-2",
      endpoint: polly.url,
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    });
    try {
      const output = await pollyClient.send(
        new SynthesizeSpeechCommand({
          OutputFormat: "mulaw",
          Text: "Press one to get a text message.",
          VoiceId: "Salli",
        }),
      );
      const audio = decodeMulaw(
        (await output.AudioStream?.transformToByteArray()) ?? new Uint8Array(0),
      );
      const { results } = await transcribe(
        unevenChunks(concat([silence(0.4), audio, silence(0.4)])),
      );
      expect(
        results.filter((r) => !r.IsPartial).map((r) => r.Alternatives?.[0]?.Transcript),
      ).toEqual(["Press one to get a text message."]);
    } finally {
      pollyClient.destroy();
      await polly.close();
    }
  });

  it("gives no final result for speech the library has never heard", async () => {
    const unknown = await stranger.synthesize({
      text: "My parcel never arrived.",
      textType: "text",
      voiceId: "Joanna",
      sampleRateHz: 8000,
    });
    const { results } = await transcribe(
      unevenChunks(concat([silence(0.5), unknown.audio, silence(0.5)])),
    );
    expect(results.filter((result) => !result.IsPartial)).toEqual([]);
  });

  it("refuses a sample rate it does not recognise as BadRequestException", async () => {
    await expect(transcribe(unevenChunks(silence(0.2)), 44_100)).rejects.toBeInstanceOf(
      BadRequestException,
    );
    await expect(transcribe(unevenChunks(silence(0.2)), 4000)).rejects.toBeInstanceOf(
      BadRequestException,
    );
  });

  it("refuses an audio chunk over one second", async () => {
    async function* oneBigChunk(): AsyncGenerator<AudioStream> {
      yield { AudioEvent: { AudioChunk: new Uint8Array(16_002) } };
    }
    await expect(transcribe(oneBigChunk())).rejects.toBeInstanceOf(BadRequestException);
  });

  it("ends a stream that sends no audio for the timeout with BadRequestException", async () => {
    const error = await transcribe(unevenChunks(silence(0.1), { pauseMs: 1500 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as Error).message).toMatch(/no new audio was received/u);
  });
});
