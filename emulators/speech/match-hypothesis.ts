import { ACTIVE_DB, OPENING_FRAMES, type UtteranceTemplate } from "./utterance-template.ts";

/** Frames of the stream, by absolute index; frames before the stream read as silence. */
export interface FrameSource {
  level(frame: number): number;
  tilt(frame: number): number;
}

// Thresholds in dB, set from measurements (see README): the same audio after resampling,
// a gain change or G.711 scores under 0.5; different sentences score over 2.5.
/** Largest mean error of the opening window for a candidate to be followed at all. */
const OPENING_MAX = 3;
/** A hypothesis dies when its last WINDOW frames average more than this. */
const KILL_WINDOW = 8;
/** Largest mean error (level + tilt) over the whole utterance for a final result. */
const ACCEPT_MEAN = 1.5;
/** Largest mean error of any WINDOW frames for a final result (a different ending). */
const ACCEPT_WINDOW = 5;
const WINDOW = 10;
/** Start positions tried around an onset, either side. */
export const SHIFT_FRAMES = 2;

export type MatchState = "alive" | "dead" | "complete";

/** One way the stream could be a known utterance: a template, a phase and a start frame. */
export class MatchHypothesis {
  readonly template: UtteranceTemplate;
  readonly phase: number;
  /** Stream frame that template frame 0 lines up with. */
  readonly start: number;
  /** The onset that seeded this hypothesis. */
  readonly onset: number;
  #gainSum = 0;
  #gainCount = 0;
  #levelError = 0;
  #tiltError = 0;
  #tiltCount = 0;
  #next = 0;
  readonly #window = new Float32Array(WINDOW);
  #windowSum = 0;
  #worstWindow = 0;
  #state: MatchState = "alive";

  private constructor(
    template: UtteranceTemplate,
    phase: number,
    start: number,
    onset: number,
    gain: number,
  ) {
    this.template = template;
    this.phase = phase;
    this.start = start;
    this.onset = onset;
    this.#gainSum = gain;
    this.#gainCount = 1;
  }

  /**
   * Tries every phase and nearby start for a template whose onset may be at stream frame
   * `onset`; returns the best one if its opening is close enough. Needs the opening frames.
   */
  static open(
    template: UtteranceTemplate,
    frames: FrameSource,
    onset: number,
  ): MatchHypothesis | undefined {
    const length = Math.min(template.frames, template.onsetFrame + OPENING_FRAMES);
    let best: { error: number; phase: number; start: number; gain: number } | undefined;
    for (let phase = 0; phase < template.phases.length; phase++) {
      for (let shift = -SHIFT_FRAMES; shift <= SHIFT_FRAMES; shift++) {
        const start = onset - template.onsetFrame + shift;
        const gain = windowGain(template, phase, frames, start, length);
        let error = 0;
        for (let k = 0; k < length; k++)
          error += frameError(template, phase, frames, start, k, gain);
        error /= length;
        if (!best || error < best.error) best = { error, phase, start, gain };
      }
    }
    if (!best || best.error > OPENING_MAX) return undefined;
    const hypothesis = new MatchHypothesis(template, best.phase, best.start, onset, best.gain);
    for (let k = 0; k < length; k++) hypothesis.#score(frames);
    return hypothesis.#state === "dead" ? undefined : hypothesis;
  }

  /** Scores the stream frames that have arrived up to `lastFrame`. */
  advance(frames: FrameSource, lastFrame: number): MatchState {
    while (this.#state === "alive" && this.start + this.#next <= lastFrame) this.#score(frames);
    return this.#state;
  }

  get state(): MatchState {
    return this.#state;
  }

  /** Template frames compared so far. */
  get compared(): number {
    return this.#next;
  }

  /** Mean error so far: level plus tilt, dB. */
  get meanError(): number {
    if (this.#next === 0) return Number.POSITIVE_INFINITY;
    return (
      this.#levelError / this.#next + (this.#tiltCount ? this.#tiltError / this.#tiltCount : 0)
    );
  }

  /** Stream seconds of a time in the template's own audio (see UtteranceTemplate). */
  streamSeconds(audioSeconds: number, frameSeconds: number): number {
    return (
      audioSeconds +
      this.start * frameSeconds -
      this.template.originSeconds -
      (this.phase * frameSeconds) / 4
    );
  }

  #score(frames: FrameSource): void {
    const k = this.#next++;
    const gain = this.#gainSum / this.#gainCount;
    const stream = this.start + k;
    const r = this.template.phases[this.phase]?.level[k] ?? 0;
    const s = frames.level(stream);
    if (r > ACTIVE_DB + 20 && s > ACTIVE_DB + 10) {
      this.#gainSum += s - r;
      this.#gainCount++;
    }
    const level = levelError(r, s, gain);
    const tilt = tiltError(this.template, this.phase, frames, stream, k, gain);
    this.#levelError += level;
    if (tilt !== undefined) {
      this.#tiltError += tilt;
      this.#tiltCount++;
    }
    const combined = level + (tilt ?? 0);
    const slot = k % WINDOW;
    this.#windowSum += combined - (this.#window[slot] ?? 0);
    this.#window[slot] = combined;
    if (k + 1 >= WINDOW) this.#worstWindow = Math.max(this.#worstWindow, this.#windowSum / WINDOW);
    if (k + 1 >= WINDOW && this.#windowSum / WINDOW > KILL_WINDOW) this.#state = "dead";
    else if (this.#next >= this.template.frames) {
      const good = this.meanError <= ACCEPT_MEAN && this.#worstWindow <= ACCEPT_WINDOW;
      this.#state = good ? "complete" : "dead";
    }
  }

  /** Whether the match so far is good enough to report words of it (partial results). */
  get promising(): boolean {
    return (
      this.#state !== "dead" && this.meanError <= ACCEPT_MEAN && this.#worstWindow <= ACCEPT_WINDOW
    );
  }
}

function windowGain(
  template: UtteranceTemplate,
  phase: number,
  frames: FrameSource,
  start: number,
  length: number,
): number {
  let sum = 0;
  let count = 0;
  for (let k = 0; k < length; k++) {
    const r = template.phases[phase]?.level[k] ?? 0;
    const s = frames.level(start + k);
    if (r > ACTIVE_DB + 20 && s > ACTIVE_DB + 10) {
      sum += s - r;
      count++;
    }
  }
  return count ? sum / count : 0;
}

/** Level difference after removing the gain, both clamped at the silence floor. */
function levelError(reference: number, stream: number, gain: number): number {
  const a = Math.max(reference, ACTIVE_DB);
  const b = Math.max(stream - gain, ACTIVE_DB);
  return Math.min(Math.abs(a - b), 30);
}

/** Tilt difference where both sides clearly sound; undefined elsewhere. */
function tiltError(
  template: UtteranceTemplate,
  phase: number,
  frames: FrameSource,
  stream: number,
  k: number,
  gain: number,
): number | undefined {
  const features = template.phases[phase];
  const r = features?.level[k] ?? 0;
  const s = frames.level(stream) - gain;
  if (r <= ACTIVE_DB + 10 || s <= ACTIVE_DB + 10) return undefined;
  return Math.min(Math.abs((features?.tilt[k] ?? 0) - frames.tilt(stream)), 20);
}

function frameError(
  template: UtteranceTemplate,
  phase: number,
  frames: FrameSource,
  start: number,
  k: number,
  gain: number,
): number {
  const r = template.phases[phase]?.level[k] ?? 0;
  const level = levelError(r, frames.level(start + k), gain);
  return level + (tiltError(template, phase, frames, start + k, k, gain) ?? 0);
}
