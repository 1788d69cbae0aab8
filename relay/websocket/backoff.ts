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
