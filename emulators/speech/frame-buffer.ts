import type { FeatureFrames } from "./audio-features.ts";
import type { FrameSource } from "./match-hypothesis.ts";

/**
 * The stream's frames by absolute index, keeping only a recent tail (a call can last hours;
 * the recogniser only looks back as far as its oldest live hypothesis).
 */
export class FrameBuffer implements FrameSource {
  #level: number[] = [];
  #tilt: number[] = [];
  /** Absolute index of #level[0]. */
  #base = 0;

  append(frames: FeatureFrames): void {
    for (let i = 0; i < frames.level.length; i++) {
      this.#level.push(frames.level[i] ?? 0);
      this.#tilt.push(frames.tilt[i] ?? 0);
    }
  }

  /** Index of the next frame to arrive. */
  get end(): number {
    return this.#base + this.#level.length;
  }

  level(frame: number): number {
    return this.#level[frame - this.#base] ?? 0;
  }

  tilt(frame: number): number {
    return this.#tilt[frame - this.#base] ?? 0;
  }

  /** Forgets frames before `frame` (in batches, so the cost stays linear). */
  discardBefore(frame: number): void {
    const drop = Math.min(frame - this.#base, this.#level.length);
    if (drop < 1000) return;
    this.#level = this.#level.slice(drop);
    this.#tilt = this.#tilt.slice(drop);
    this.#base += drop;
  }
}
