import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { element } from "../../emulators/kinesis-video/ebml-writer.ts";
import { encodeFragment, tagsElement } from "../../emulators/kinesis-video/mkv-fragment-writer.ts";
import { MkvFormatError } from "./ebml-vint.ts";
import { type MkvEvent, MkvReader } from "./mkv-reader.ts";

/** Deterministic, non-repeating PCM: a different chirp per seed. */
function pcm(samples: number, seed: number): Uint8Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.round(9000 * Math.sin((i * (i + seed)) / 3000));
  return new Uint8Array(out.buffer);
}

/** Reads `bytes` pushed in pieces cut at `cuts`, and sums up what came out per track. */
function read(bytes: Uint8Array, cuts: readonly number[] = []) {
  const reader = new MkvReader();
  const events: MkvEvent[] = [];
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    events.push(...reader.push(bytes.subarray(start, cut)));
    start = cut;
  }
  events.push(...reader.push(bytes.subarray(start)), ...reader.end());
  const names = new Map<number, string>();
  const audio = new Map<string, Uint8Array[]>();
  const tags: string[] = [];
  const timecodes: number[] = [];
  for (const event of events) {
    if (event.kind === "track") names.set(event.track.number, event.track.name ?? "");
    if (event.kind === "tag") tags.push(`${event.name}=${event.value}`);
    if (event.kind === "block") {
      const name = names.get(event.trackNumber) ?? String(event.trackNumber);
      audio.set(name, [...(audio.get(name) ?? []), event.payload]);
      if (name === "AUDIO_FROM_CUSTOMER") timecodes.push(event.timecodeMs);
    }
  }
  const pcmOf = (name: string) => Buffer.concat(audio.get(name) ?? []);
  const count = (kind: MkvEvent["kind"]) => events.filter((e) => e.kind === kind).length;
  return { pcmOf, tags, timecodes, names: [...names.values()], count };
}

describe("MkvReader on fragments from the emulator's writer", () => {
  const t0 = Date.UTC(2026, 0, 5, 9, 0, 0);
  const customer = pcm(3 * 8000, 1);
  const agent = pcm(3 * 8000, 2);
  // Three one-second fragments framed as GetMedia frames them: Connect's layout in between.
  const stream = Buffer.concat(
    [0, 1, 2].map((second) => {
      const slice = (track: Uint8Array) => track.subarray(second * 16000, (second + 1) * 16000);
      const { head, body } = encodeFragment({
        producerStartMs: t0 + second * 1000,
        sampleRateHz: 8000,
        tracks: [
          { number: 1, name: "AUDIO_FROM_CUSTOMER", codecId: "A_AAC", pcm: slice(customer) },
          { number: 2, name: "AUDIO_TO_CUSTOMER", codecId: "A_AAC", pcm: slice(agent) },
        ],
        tags: [["ContactId", "c-1"]],
      });
      const number = ["AWS_KINESISVIDEO_FRAGMENT_NUMBER", `9134385233318143239268206260${second}`];
      return Buffer.concat([head, tagsElement([number as [string, string]]), body]);
    }),
  );

  it("returns each track's PCM byte for byte, with names, tags and timecodes", () => {
    const result = read(stream);
    expect(result.pcmOf("AUDIO_FROM_CUSTOMER").equals(customer)).toBe(true);
    expect(result.pcmOf("AUDIO_TO_CUSTOMER").equals(agent)).toBe(true);
    expect(result.names.slice(0, 2)).toEqual(["AUDIO_FROM_CUSTOMER", "AUDIO_TO_CUSTOMER"]);
    expect(result.tags.filter((tag) => tag.startsWith("ContactId"))).toEqual(
      Array(3).fill("ContactId=c-1"),
    );
    expect(result.count("fragmentStart")).toBe(3);
    expect(result.count("fragmentEnd")).toBe(3);
    // 512-sample blocks: 64 ms apart, on the producer's clock.
    expect(result.timecodes.slice(0, 3)).toEqual([t0, t0 + 64, t0 + 128]);
    expect(result.timecodes[16]).toBe(t0 + 1000);
  });

  it("reads the same whatever the chunk boundaries", () => {
    const whole = read(stream);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 40 }),
        (cuts) => {
          const cut = read(stream, cuts);
          expect(cut.pcmOf("AUDIO_FROM_CUSTOMER").equals(whole.pcmOf("AUDIO_FROM_CUSTOMER"))).toBe(
            true,
          );
          expect(cut.tags).toEqual(whole.tags);
          expect(cut.timecodes).toEqual(whole.timecodes);
        },
      ),
      { numRuns: 60 },
    );
    // One byte at a time, the worst case for held-back headers.
    const bytewise = read(
      stream,
      Array.from({ length: stream.length - 1 }, (_, i) => i + 1),
    );
    expect(bytewise.pcmOf("AUDIO_TO_CUSTOMER").equals(agent)).toBe(true);
  });

  it("refuses a stream that stops inside an element, and bytes that are not EBML", () => {
    const reader = new MkvReader();
    reader.push(stream.subarray(0, stream.length - 5));
    expect(reader.midElement).toBe(true);
    expect(() => reader.end()).toThrow(MkvFormatError);
    expect(() => new MkvReader().push(Uint8Array.of(0x00, 0x00, 0x00))).toThrow(MkvFormatError);
  });

  it("passes over elements it does not need without reading them", () => {
    // A 50 MB Void inside the Segment, streamed by: its bytes are counted off, not kept.
    const head = encodeFragment({
      producerStartMs: t0,
      sampleRateHz: 8000,
      tracks: [],
      tags: [],
    }).head;
    const voidHeader = Buffer.from([0xec, 0x01, 0x00, 0x00, 0x00, 0x03, 0x20, 0x00, 0x00]);
    const reader = new MkvReader();
    reader.push(Buffer.concat([head, voidHeader]));
    const zeros = new Uint8Array(1 << 20);
    for (let i = 0; i < 50; i++) expect(reader.push(zeros)).toEqual([]);
    const events = reader.push(tagsElement([["after", "void"]]));
    expect(events).toEqual([{ kind: "tag", name: "after", value: "void" }]);
  });

  it("takes a laced block's frames as one payload, lace header skipped", () => {
    // SimpleBlock, track 1, Xiph lacing (flags 0x02), three frames of 3, 2 and 4 bytes.
    const frames = [Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5), Uint8Array.of(6, 7, 8, 9)];
    const block = element(0xa3, Uint8Array.of(0x81, 0, 10, 0x82, 2, 3, 2), ...frames);
    const cluster = element(0x1f43b675, element(0xe7, Uint8Array.of(100)), block);
    const segment = element(0x18538067, cluster);
    const blocks = new MkvReader().push(segment).flatMap((e) => (e.kind === "block" ? [e] : []));
    expect(blocks.map((b) => [b.trackNumber, b.timecodeMs, [...b.payload]])).toEqual([
      [1, 110, [1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ]);
  });
});

describe("MkvReader on Matroska written by ffmpeg", () => {
  const dir = mkdtempSync(join(tmpdir(), "mkv-reader-"));
  const customer = pcm(5 * 8000, 3);
  const agent = pcm(5 * 8000, 4);
  writeFileSync(join(dir, "a.raw"), customer);
  writeFileSync(join(dir, "b.raw"), agent);
  // ffmpeg from Debian; CI installs it. Two raw tracks into one file, several clusters.
  const ffmpeg = (output: string) =>
    execFileSync(
      "ffmpeg",
      [
        ...[
          "-loglevel",
          "error",
          "-f",
          "s16le",
          "-ar",
          "8000",
          "-ac",
          "1",
          "-i",
          join(dir, "a.raw"),
        ],
        ...["-f", "s16le", "-ar", "8000", "-ac", "1", "-i", join(dir, "b.raw")],
        ...["-map", "0", "-map", "1", "-c:a", "pcm_s16le", "-cluster_time_limit", "1000"],
        ...[
          "-metadata:s:a:0",
          "title=AUDIO_FROM_CUSTOMER",
          "-metadata:s:a:1",
          "title=AUDIO_TO_CUSTOMER",
        ],
        ...["-f", "matroska", output],
      ],
      { maxBuffer: 1 << 24 },
    );

  it("reads a file ffmpeg wrote (known sizes): both tracks byte for byte, names read", () => {
    ffmpeg(join(dir, "out.mkv"));
    const result = read(readFileSync(join(dir, "out.mkv")), [4096, 9000, 30001]);
    expect(result.names).toEqual(["AUDIO_FROM_CUSTOMER", "AUDIO_TO_CUSTOMER"]);
    expect(result.pcmOf("AUDIO_FROM_CUSTOMER").equals(customer)).toBe(true);
    expect(result.pcmOf("AUDIO_TO_CUSTOMER").equals(agent)).toBe(true);
    expect(result.timecodes[0]).toBe(0);
  });

  it("reads ffmpeg's piped output (unknown-size Segment) the same way", () => {
    const piped = ffmpeg("pipe:1");
    const result = read(piped, [1, 77, 5000]);
    expect(result.pcmOf("AUDIO_FROM_CUSTOMER").equals(customer)).toBe(true);
    expect(result.pcmOf("AUDIO_TO_CUSTOMER").equals(agent)).toBe(true);
  });
});
