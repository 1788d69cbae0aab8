import { execFileSync } from "node:child_process";
import type { RecognitionResult } from "../recognition-result.ts";
import type { UtteranceRecognizer } from "../utterance-recognizer.ts";

/** Helpers for the speech tests: building streams and running audio through sox/ffmpeg. */

export function concatPcm(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function silence(seconds: number, sampleRateHz: number): Int16Array {
  return new Int16Array(Math.round(seconds * sampleRateHz));
}

/** A repeatable walk of chunk sizes from 1 to `max` samples. */
export function* chunkSizes(seed: number, max: number): Generator<number> {
  let state = seed >>> 0;
  for (;;) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    yield 1 + (state % max);
  }
}

/** Feeds the stream in chunks of random sizes and returns every result, the end included. */
export function recognizeInChunks(
  recognizer: UtteranceRecognizer,
  pcm: Int16Array,
  seed: number,
): RecognitionResult[] {
  const results: RecognitionResult[] = [];
  const sizes = chunkSizes(seed, 4000);
  for (let at = 0; at < pcm.length; ) {
    const size = sizes.next().value as number;
    results.push(...recognizer.push(pcm.subarray(at, at + size)));
    at += size;
  }
  results.push(...recognizer.end());
  return results;
}

function rawBytes(pcm: Int16Array): Buffer {
  return Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
}

function toPcm(bytes: Buffer): Int16Array {
  const copy = new Uint8Array(bytes.length - (bytes.length % 2));
  copy.set(bytes.subarray(0, copy.length));
  return new Int16Array(copy.buffer);
}

const RAW = ["-t", "raw", "-e", "signed", "-b", "16", "-c", "1"];

/** sox: resample (its own filter, not ours) and apply a gain. */
export function soxResample(pcm: Int16Array, fromHz: number, toHz: number, gain = 1): Int16Array {
  const args = [
    ...RAW,
    "-r",
    String(fromHz),
    "-",
    ...RAW,
    "-r",
    String(toHz),
    "-",
    "vol",
    String(gain),
  ];
  return toPcm(execFileSync("sox", args, { input: rawBytes(pcm) }));
}

/** sox: pink noise, seconds long, at 8 kHz. */
export function soxNoise(seconds: number): Int16Array {
  const args = [
    "-n",
    ...RAW,
    "-r",
    "8000",
    "-",
    "synth",
    String(seconds),
    "pinknoise",
    "vol",
    "0.3",
  ];
  return toPcm(execFileSync("sox", args));
}

/** ffmpeg: PCM → FLAC in Matroska → PCM, the lossless path a recording may take. */
export function throughMatroskaFlac(pcm: Int16Array, sampleRateHz: number): Int16Array {
  const input = [
    "-hide_banner",
    "-loglevel",
    "error",
    "-f",
    "s16le",
    "-ar",
    String(sampleRateHz),
    "-ac",
    "1",
  ];
  const mkv = execFileSync(
    "ffmpeg",
    [...input, "-i", "pipe:0", "-c:a", "flac", "-f", "matroska", "pipe:1"],
    {
      input: rawBytes(pcm),
    },
  );
  const out = execFileSync(
    "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-i", "pipe:0", "-f", "s16le", "pipe:1"],
    {
      input: mkv,
    },
  );
  return toPcm(out);
}

/** Time (s) of the first sample above the noise floor at or after `from` seconds. */
export function firstSoundSeconds(pcm: Int16Array, sampleRateHz: number, from = 0): number {
  for (let i = Math.floor(from * sampleRateHz); i < pcm.length; i++) {
    if (Math.abs(pcm[i] ?? 0) > 30) return i / sampleRateHz;
  }
  return Number.NaN;
}
