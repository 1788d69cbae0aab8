/**
 * Frame features the recogniser matches on: every 10 ms, the log energy ("level", dB re one
 * LSB²) and the spectral tilt (energy of the pre-emphasised signal over the plain one, dB)
 * of a 20 ms window. Always computed on 8 kHz audio band-limited to 100–3,200 Hz, so audio
 * made at 16 kHz and heard at 8 kHz (whatever resampler it went through) gives the same
 * numbers, and a gain change only shifts the level by a constant (the tilt not at all).
 */

export const FEATURE_RATE_HZ = 8000;
export const HOP_SAMPLES = 80;
export const FRAME_SECONDS = HOP_SAMPLES / FEATURE_RATE_HZ;

/** Features of consecutive frames; frame i is centred on sample 80·i (time i × 10 ms). */
export interface FeatureFrames {
  readonly level: Float32Array;
  readonly tilt: Float32Array;
}

interface Biquad {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

/** RBJ cookbook biquad (Butterworth Q), normalised. */
function biquad(kind: "lowpass" | "highpass", cutoffHz: number): Biquad {
  const w = (2 * Math.PI * cutoffHz) / FEATURE_RATE_HZ;
  const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
  const cos = Math.cos(w);
  const a0 = 1 + alpha;
  const b1 = kind === "lowpass" ? 1 - cos : -(1 + cos);
  const b0 = kind === "lowpass" ? b1 / 2 : -b1 / 2;
  return { b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

const STAGES: readonly Biquad[] = [
  biquad("highpass", 100),
  biquad("lowpass", 3200),
  biquad("lowpass", 3200),
];
const PRE_EMPHASIS = 0.9;

/** Streaming extractor: push 8 kHz samples in chunks of any size, read the new frames. */
export class FeatureExtractor {
  readonly #state = new Float64Array(STAGES.length * 4);
  #previous = 0;
  #energy = 0;
  #emphasised = 0;
  #inHop = 0;
  /** Sums of the previous hop, so each frame spans two hops (20 ms). */
  #lastEnergy = 0;
  #lastEmphasised = 0;

  push(samples: Int16Array): FeatureFrames {
    const count = Math.floor((this.#inHop + samples.length) / HOP_SAMPLES);
    const level = new Float32Array(count);
    const tilt = new Float32Array(count);
    let frame = 0;
    for (const sample of samples) {
      const y = this.#filter(sample);
      const d = y - PRE_EMPHASIS * this.#previous;
      this.#previous = y;
      this.#energy += y * y;
      this.#emphasised += d * d;
      if (++this.#inHop < HOP_SAMPLES) continue;
      const mean = (this.#energy + this.#lastEnergy) / (2 * HOP_SAMPLES);
      const meanEmphasised = (this.#emphasised + this.#lastEmphasised) / (2 * HOP_SAMPLES);
      level[frame] = 10 * Math.log10(mean + 1);
      tilt[frame] = 10 * Math.log10((meanEmphasised + 1) / (mean + 1));
      frame++;
      this.#lastEnergy = this.#energy;
      this.#lastEmphasised = this.#emphasised;
      this.#energy = 0;
      this.#emphasised = 0;
      this.#inHop = 0;
    }
    return { level, tilt };
  }

  #filter(sample: number): number {
    let x = sample;
    const s = this.#state;
    for (let i = 0; i < STAGES.length; i++) {
      const q = STAGES[i] as Biquad;
      const o = i * 4;
      const y = q.b0 * x + q.b1 * (s[o] ?? 0) + q.b2 * (s[o + 1] ?? 0);
      const out = y - q.a1 * (s[o + 2] ?? 0) - q.a2 * (s[o + 3] ?? 0);
      s[o + 1] = s[o] ?? 0;
      s[o] = x;
      s[o + 3] = s[o + 2] ?? 0;
      s[o + 2] = out;
      x = out;
    }
    return x;
  }
}

/**
 * Features of a whole 8 kHz buffer. The frame ending at sample 80·(i+1) is reported as frame i,
 * i.e. frame i covers samples [80·(i−1), 80·(i+1)): its centre is at 80·i.
 */
export function extractFeatures(samples8k: Int16Array): FeatureFrames {
  return new FeatureExtractor().push(samples8k);
}
