import { DependencyFailedError } from "../../core/errors.ts";

export interface BackoffOptions {
  /** The first retry's ceiling. */
  readonly baseMs: number;
  /** No retry waits longer than this. */
  readonly maxMs: number;
  /** A number in [0, 1); Math.random unless a test fixes it. */
  readonly random?: () => number;
}

/**
 * Exponential backoff with "equal jitter": retry `attempt` (0-based) waits between half and
 * all of min(maxMs, baseMs * 2^attempt), so thousands of sockets dropped at once do not come
 * back in step, yet none retries at once (AWS Architecture Blog, "Exponential Backoff And
 * Jitter").
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(ceiling / 2 + ((options.random ?? Math.random)() * ceiling) / 2);
}

/** Waits between retries; `wake` ends the wait at once (the conversation is closing). */
export class Sleeper {
  #wake: (() => void) | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  wake(): void {
    this.#wake?.();
    this.#wake = undefined;
  }
}

/** A connect call that hangs must not stall the conversation's retries. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DependencyFailedError(`connect took longer than ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
