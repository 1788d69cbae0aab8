import type { Clock } from "../ports/clock.ts";

/**
 * A token bucket: `ratePerSecond` tokens flow in, at most `burst` are kept. It protects an
 * account-wide API limit (GetCurrentMetricData: 5 requests/s for the whole account).
 */
export class TokenBucket {
  readonly #ratePerMs: number;
  readonly #burst: number;
  readonly #clock: Clock;
  #tokens: number;
  #updatedAtMs: number;

  constructor(options: { ratePerSecond: number; burst: number; clock: Clock }) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) {
      throw new RangeError("a token bucket needs a positive rate and a burst of at least 1");
    }
    this.#ratePerMs = options.ratePerSecond / 1000;
    this.#burst = options.burst;
    this.#clock = options.clock;
    this.#tokens = options.burst;
    this.#updatedAtMs = options.clock.now().getTime();
  }

  /** Takes a token if one is there. */
  tryTake(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token, 0 if one is ready. */
  msUntilNextToken(): number {
    this.#refill();
    return this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) / this.#ratePerMs);
  }

  #refill(): void {
    const nowMs = this.#clock.now().getTime();
    const elapsed = Math.max(0, nowMs - this.#updatedAtMs);
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#ratePerMs);
    this.#updatedAtMs = nowMs;
  }
}
