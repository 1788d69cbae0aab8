/**
 * Failures an emulator injects per operation (for example "messages.create"), so the
 * relay's retry and exactly-once logic can be tested. Each platform renders the fault
 * in its own error format.
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
}

interface RateRule {
  readonly rate: number;
  readonly fault: Fault;
}

const ANY_OPERATION = "*";

export class FaultInjector {
  readonly #queued = new Map<string, Fault[]>();
  readonly #rates = new Map<string, RateRule>();
  #random: () => number;
  readonly #seed: number;

  constructor(seed = 1) {
    this.#seed = seed;
    this.#random = mulberry32(seed);
  }

  /** The next `times` calls of `operation` ("*" for any) fail with `fault`. */
  failNext(operation: string, fault: Fault, times = 1): void {
    const queue = this.#queued.get(operation) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.#queued.set(operation, queue);
  }

  /** A fraction (0..1) of calls of `operation` ("*" for any) fail with `fault`. */
  setFailureRate(operation: string, rate: number, fault: Fault): void {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError("rate must be between 0 and 1");
    this.#rates.set(operation, { rate, fault });
  }

  clear(): void {
    this.#queued.clear();
    this.#rates.clear();
    this.#random = mulberry32(this.#seed);
  }

  /** Called once per request of `operation`; answers the fault to apply, if any. */
  take(operation: string): Fault | undefined {
    for (const key of [operation, ANY_OPERATION]) {
      const queue = this.#queued.get(key);
      const next = queue?.shift();
      if (next) return next;
    }
    const rule = this.#rates.get(operation) ?? this.#rates.get(ANY_OPERATION);
    if (rule && this.#random() < rule.rate) return rule.fault;
    return undefined;
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
