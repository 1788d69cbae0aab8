import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DependencyFailedError } from "../../core/errors.ts";
import type { CallAudioChunk } from "../../core/ports/call-audio.ts";
import { getMediaFraming } from "../../emulators/kinesis-video/get-media.ts";
import {
  type KinesisVideoEmulator,
  startKinesisVideoEmulator,
} from "../../emulators/kinesis-video/kinesis-video-emulator.ts";
import { KvsError } from "../../emulators/kinesis-video/kvs-requests.ts";
import type { StoredFragment, VideoStream } from "../../emulators/kinesis-video/video-stream.ts";
import { KinesisVideoCallAudio } from "./kinesis-video-call-audio.ts";

const t0 = Date.UTC(2026, 0, 5, 9, 0, 0);
let inclusive: KinesisVideoEmulator;
let exclusive: KinesisVideoEmulator;
const waits: number[] = [];

beforeAll(async () => {
  // The emulators run on the wall clock; a stream with no producer ends GetMedia after 50 ms.
  inclusive = await startKinesisVideoEmulator({ idleEndMs: 50 });
  exclusive = await startKinesisVideoEmulator({ idleEndMs: 50, fragmentNumberInclusive: false });
});
afterAll(async () => {
  await inclusive.close();
  await exclusive.close();
});

function callAudio(emulator: KinesisVideoEmulator) {
  return new KinesisVideoCallAudio({
    region: "eu-west-2",
    endpoint: emulator.url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxReconnects: 4,
    // No real waiting between reconnects; the waits asked for are kept to check the backoff.
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

/** Customer audio of fragment `n`: every sample n; the agent's track is -n. */
const level = (n: number) => new Uint8Array(new Int16Array(8000).fill(n).buffer);

function write(emulator: KinesisVideoEmulator, stream: VideoStream, n: number, contactId: string) {
  return emulator.streams.append(stream, {
    producerStartMs: t0 + n * 1000,
    sampleRateHz: 8000,
    tracks: [
      { number: 1, name: "AUDIO_FROM_CUSTOMER", codecId: "A_AAC", pcm: level(n) },
      { number: 2, name: "AUDIO_TO_CUSTOMER", codecId: "A_AAC", pcm: level(-n) },
    ],
    tags: [["ContactId", contactId]],
  });
}

async function collect(audio: AsyncIterable<CallAudioChunk>) {
  const chunks: CallAudioChunk[] = [];
  for await (const chunk of audio) chunks.push(chunk);
  // A copy of the bytes alone: a Buffer's backing store may be larger than the Buffer.
  const bytes = Uint8Array.from(Buffer.concat(chunks.map((c) => c.pcm)));
  const samples = new Int16Array(bytes.buffer);
  return { chunks, samples: [...samples] };
}

/** Fragments 1..count for contact c-1 on a fresh stream; returns what to ask for. */
function call(emulator: KinesisVideoEmulator, name: string, count: number) {
  const stream = emulator.streams.createStream(name);
  const written = Array.from({ length: count }, (_, i) => write(emulator, stream, i + 1, "c-1"));
  const startFragmentNumber = written[0]?.number ?? "";
  return { stream, request: { contactId: "c-1", streamArn: stream.arn, startFragmentNumber } };
}

const expectedSamples = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => Array(8000).fill(from + i)).flat();

describe("KinesisVideoCallAudio against the Kinesis Video emulator", () => {
  it("yields the caller's track from the start fragment, with offsets from the stream start", async () => {
    const { request } = call(inclusive, "plain", 3);
    const { chunks, samples } = await collect(
      callAudio(inclusive).customerAudio(request, new AbortController().signal),
    );
    expect(samples).toEqual(expectedSamples(1, 3));
    expect(chunks[0]).toMatchObject({ sampleRateHz: 8000, offsetMs: 0 });
    expect(chunks[1]?.offsetMs).toBe(64);
    expect(chunks.find((c) => c.offsetMs >= 1000)?.offsetMs).toBe(1000);
  });

  it("stops at the first fragment that names another contact, holding back its audio", async () => {
    const { stream, request } = call(inclusive, "reused", 2);
    write(inclusive, stream, 3, "c-2");
    write(inclusive, stream, 4, "c-1");
    const { samples } = await collect(
      callAudio(inclusive).customerAudio(request, new AbortController().signal),
    );
    expect(samples).toEqual(expectedSamples(1, 2));
  });

  it("delivers live fragments and ends when the stream goes quiet", async () => {
    const { stream, request } = call(inclusive, "live", 1);
    inclusive.streams.setProducing(stream, true);
    const reading = collect(
      callAudio(inclusive).customerAudio(request, new AbortController().signal),
    );
    write(inclusive, stream, 2, "c-1");
    inclusive.streams.setProducing(stream, false);
    expect((await reading).samples).toEqual(expectedSamples(1, 2));
  });

  it("ends without an error when the signal aborts", async () => {
    const { stream, request } = call(inclusive, "aborted", 1);
    inclusive.streams.setProducing(stream, true);
    const controller = new AbortController();
    const seen: CallAudioChunk[] = [];
    for await (const chunk of callAudio(inclusive).customerAudio(request, controller.signal)) {
      seen.push(chunk);
      if (seen.length === 3) controller.abort();
    }
    expect(seen.length).toBeGreaterThanOrEqual(3);
    inclusive.streams.setProducing(stream, false);
  });

  for (const [semantics, emulator, first] of [
    ["starts with the named fragment", () => inclusive, 1],
    ["starts after the named fragment", () => exclusive, 2],
  ] as const) {
    it(`resumes a GetMedia cut mid-fragment without losing or repeating audio (KVS ${semantics})`, async () => {
      const kvs = emulator();
      const { stream, request } = call(kvs, `cut-${first}`, 4);
      const firstLength = getMediaFraming(stream.fragments[0] as StoredFragment, 0).length;
      // First after fragment 1's audio went out but before it ended (its last tags cut short),
      // then inside the second fragment read, then inside the next one.
      kvs.cutNextGetMedia(firstLength - 60);
      kvs.cutNextGetMedia(50_000);
      kvs.cutNextGetMedia(20_000);
      const { samples } = await collect(
        callAudio(kvs).customerAudio(request, new AbortController().signal),
      );
      expect(samples).toEqual(expectedSamples(first, 4));
    });
  }

  it("gives up with DependencyFailedError after bounded, jittered reconnects", async () => {
    const { request } = call(inclusive, "throttled", 1);
    waits.length = 0;
    inclusive.failNext("GetMedia", new KvsError("ClientLimitExceededException", 400, "slow"), 10);
    const reading = collect(
      callAudio(inclusive).customerAudio(request, new AbortController().signal),
    );
    await expect(reading).rejects.toBeInstanceOf(DependencyFailedError);
    expect(waits).toHaveLength(4);
    waits.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(200 * 2 ** i);
    });
    inclusive.failNext("GetMedia", new KvsError("ClientLimitExceededException", 400, "slow"), 0);
  });

  it("fails at once, as DependencyFailedError, when the stream does not exist", async () => {
    waits.length = 0;
    const streamArn = "arn:aws:kinesisvideo:eu-west-2:111122223333:stream/gone/1";
    const audio = callAudio(inclusive).customerAudio(
      { contactId: "c-1", streamArn, startFragmentNumber: "1" },
      new AbortController().signal,
    );
    await expect(collect(audio)).rejects.toMatchObject({
      code: "DEPENDENCY_FAILED",
      details: { operation: "GetMedia", attempts: 1 },
    });
    expect(waits).toEqual([]);
  });
});
