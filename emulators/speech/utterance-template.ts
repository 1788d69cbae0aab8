import {
  extractFeatures,
  FEATURE_RATE_HZ,
  type FeatureFrames,
  FRAME_SECONDS,
} from "./audio-features.ts";
import { resamplePcm } from "./pcm-resampler.ts";
import { type SoundRun, spreadWords, type TimedToken } from "./word-timing.ts";

/** Level (dB) under which a frame counts as silence. Digital silence is 0 dB. */
export const ACTIVE_DB = 20;
/** Phases of the reference features: a stream's frame grid is within 1.25 ms of one of them. */
export const PHASES = 4;
const PHASE_SAMPLES = 80 / PHASES;
/** Frames of silence kept around the sound, so a match checks the edges too. */
const EDGE_FRAMES = 3;
/** Pauses shorter than this do not split a run of sound (word gaps, stop closures). */
const RUN_GAP_FRAMES = 15;
/** Frames after the onset that make the opening signature and the first comparison. */
export const OPENING_FRAMES = 20;
const SIGNATURE_BLOCKS = 4;

/** A known utterance, ready for matching. Times are seconds in its own audio. */
export interface UtteranceTemplate {
  readonly id: string;
  readonly text: string;
  readonly languageCode: string;
  /** Features per phase (phase p starts 2.5·p ms later), all `frames` long. */
  readonly phases: readonly FeatureFrames[];
  readonly frames: number;
  /** Index of the first sounding frame (phase 0). */
  readonly onsetFrame: number;
  /** Time of template frame 0, phase 0, in the utterance's own audio. */
  readonly originSeconds: number;
  readonly startSeconds: number;
  readonly endSeconds: number;
  readonly tokens: readonly TimedToken[];
  /** Shape of the opening, for the index (see openingSignature). */
  readonly signature: readonly number[];
}

/** Builds the template of an utterance from its audio at any sample rate. */
export function buildTemplate(input: {
  id: string;
  text: string;
  languageCode: string;
  audio: Int16Array;
  sampleRateHz: number;
}): UtteranceTemplate | undefined {
  const pcm = resamplePcm(input.audio, input.sampleRateHz, FEATURE_RATE_HZ);
  const all = Array.from({ length: PHASES }, (_, p) =>
    extractFeatures(pcm.subarray(p * PHASE_SAMPLES)),
  );
  const level = (all[0] as FeatureFrames).level;
  let first = 0;
  while (first < level.length && (level[first] ?? 0) <= ACTIVE_DB) first++;
  if (first === level.length) return undefined;
  let last = level.length - 1;
  while ((level[last] ?? 0) <= ACTIVE_DB) last--;
  const from = Math.max(0, first - EDGE_FRAMES);
  const to = last + EDGE_FRAMES + 1;
  const frames = to - from;
  // Phases past the end of the audio read as silence.
  const phases = all.map((features) => ({
    level: padded(features.level, from, frames),
    tilt: padded(features.tilt, from, frames),
  }));
  const runs = soundRuns(level, first, last);
  const base = phases[0] as FeatureFrames;
  return {
    id: input.id,
    text: input.text,
    languageCode: input.languageCode,
    phases,
    frames,
    onsetFrame: first - from,
    originSeconds: from * FRAME_SECONDS,
    startSeconds: first * FRAME_SECONDS,
    endSeconds: (last + 1) * FRAME_SECONDS,
    tokens: spreadWords(input.text, runs),
    signature: openingSignature(base.level, first - from),
  };
}

function padded(values: Float32Array, from: number, length: number): Float32Array {
  const out = new Float32Array(length);
  out.set(values.subarray(from, from + length));
  return out;
}

function soundRuns(level: Float32Array, first: number, last: number): SoundRun[] {
  const runs: SoundRun[] = [];
  let start = first;
  let quiet = 0;
  for (let i = first; i <= last + 1; i++) {
    if (i <= last && (level[i] ?? 0) > ACTIVE_DB) {
      if (quiet >= RUN_GAP_FRAMES) {
        runs.push({ startSeconds: start * FRAME_SECONDS, endSeconds: (i - quiet) * FRAME_SECONDS });
        start = i;
      }
      quiet = 0;
    } else if (i > last) {
      runs.push({ startSeconds: start * FRAME_SECONDS, endSeconds: (last + 1) * FRAME_SECONDS });
    } else {
      quiet++;
    }
  }
  return runs;
}

/**
 * Coarse shape of the first 200 ms after an onset: block means of the level with their mean
 * removed (so a gain change does not move it), first three blocks. Used as an index key.
 */
export function openingSignature(level: ArrayLike<number>, onset: number): number[] {
  const size = OPENING_FRAMES / SIGNATURE_BLOCKS;
  const blocks: number[] = [];
  for (let b = 0; b < SIGNATURE_BLOCKS; b++) {
    let sum = 0;
    for (let i = 0; i < size; i++) sum += Math.max(level[onset + b * size + i] ?? 0, ACTIVE_DB);
    blocks.push(sum / size);
  }
  const mean = blocks.reduce((a, b) => a + b, 0) / blocks.length;
  return blocks.slice(0, SIGNATURE_BLOCKS - 1).map((value) => value - mean);
}
