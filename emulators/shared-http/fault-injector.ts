/**
 * Failures an emulator injects per operation (for example "messages.create" or
 * "StartChatContact"), so retry and exactly-once logic can be tested. One engine for every
 * emulator; each renders a fault in its own service's error format.
 */
export interface Fault {
  /** HTTP status to answer with, such as 429, 500 or 503. */
  readonly status: number;
  /**
   * "before" (default): the request is refused and has no effect.
   * "after": the request takes effect (the message is recorded and delivered), then the
   * client still gets the error: the ambiguous outcome that makes retries duplicate.
   */
  readonly phase?: "before" | "after";
  /** Seconds a client should wait; rendered as Retry-After or the platform's own field. */
  readonly retryAfterSeconds?: number;
  /** The error's name where the service names its errors (ThrottlingException). */
  readonly errorName?: string;
}

interface RateRule {
  readonly rate: number;
  readonly fault: Fault;
}

const ANY_OPERATION = "*";

export class FaultInjector {
  readonly #queued = new Map<string, Fault[]>();
  readonly #rates = new Map<string, readonly RateRule[]>();
  readonly #latencyMs = new Map<string, number>();
  /** How many calls of each operation a fault was applied to, for a test's report. */
  readonly injected = new Map<string, number>();
  #random: () => number;
  readonly #seed: number;

  /** `seed` makes a failure rate give the same sequence on every run. */
  constructor(seed = 1) {
    this.#seed = seed;
    this.#random = mulberry32(seed);
  }

  /** The next `times` calls of `operation` ("*" for any) fail with `fault`, in that order. */
  failNext(operation: string, fault: Fault, times = 1): void {
    const queue = this.#queued.get(operation) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.#queued.set(operation, queue);
  }

  /** A fraction (0..1) of calls of `operation` ("*" for any) fail with `fault`. */
  setFailureRate(operation: string, rate: number, fault: Fault): void {
    this.setFailureRates(operation, [{ rate, fault }]);
  }

  /** Several rates for one operation, each rolled in turn (the first that hits applies). */
  setFailureRates(operation: string, rules: readonly RateRule[]): void {
    for (const { rate } of rules) {
      if (!(rate >= 0 && rate <= 1)) throw new RangeError("rate must be between 0 and 1");
    }
    this.#rates.set(operation, rules);
  }

  /** Every call of `operation` ("*" for any) waits this long before it is answered. */
  setLatency(operation: string, latencyMs: number): void {
    this.#latencyMs.set(operation, latencyMs);
  }

  /** Forgets one operation's faults, or every fault (and restarts the seeded rates). */
  clear(operation?: string): void {
    if (operation !== undefined) {
      for (const rules of [this.#queued, this.#rates, this.#latencyMs]) rules.delete(operation);
      return;
    }
    this.#queued.clear();
    this.#rates.clear();
    this.#latencyMs.clear();
    this.#random = mulberry32(this.#seed);
  }

  /** The delay to wait before answering a call of `operation`, if one is set. */
  latencyOf(operation: string): number {
    return this.#latencyMs.get(operation) ?? this.#latencyMs.get(ANY_OPERATION) ?? 0;
  }

  /** Called once per request of `operation`; answers the fault to apply, if any. */
  take(operation: string): Fault | undefined {
    const fault = this.#next(operation);
    if (fault) this.injected.set(operation, (this.injected.get(operation) ?? 0) + 1);
    return fault;
  }

  #next(operation: string): Fault | undefined {
    for (const key of [operation, ANY_OPERATION]) {
      const next = this.#queued.get(key)?.shift();
      if (next) return next;
    }
    const rules = this.#rates.get(operation) ?? this.#rates.get(ANY_OPERATION) ?? [];
    return rules.find((rule) => rule.rate > 0 && this.#random() < rule.rate)?.fault;
  }
}

/** A small seeded generator, so a failure rate gives the same sequence on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
