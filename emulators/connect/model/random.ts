import type { HandleTime } from "./instance-seed.ts";

/** A small seeded generator (mulberry32) so handle-time samples repeat from run to run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws one handle time, in seconds, from a distribution. */
export function sampleSeconds(distribution: HandleTime, random: () => number): number {
  switch (distribution.type) {
    case "fixed":
      return distribution.seconds;
    case "uniform":
      return (
        distribution.minSeconds + (distribution.maxSeconds - distribution.minSeconds) * random()
      );
    case "exponential":
      return -Math.log(1 - random()) * distribution.meanSeconds;
  }
}

/** The mean of a distribution, used by the wait estimate before any contact has finished. */
export function meanSeconds(distribution: HandleTime): number {
  switch (distribution.type) {
    case "fixed":
      return distribution.seconds;
    case "uniform":
      return (distribution.minSeconds + distribution.maxSeconds) / 2;
    case "exponential":
      return distribution.meanSeconds;
  }
}
