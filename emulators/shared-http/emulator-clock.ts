/**
 * The emulators' notion of "now". Tests move it forward to cross a 24-hour window
 * without waiting; it starts at the wall clock unless told otherwise.
 */
export class EmulatorClock {
  #offsetMs = 0;
  readonly #base: () => number;

  constructor(base: () => number = Date.now) {
    this.#base = base;
  }

  now(): number {
    return this.#base() + this.#offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("advance() needs a finite ms >= 0");
    this.#offsetMs += ms;
  }
}

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;
