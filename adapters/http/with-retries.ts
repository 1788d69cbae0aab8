import { setTimeout as sleepFor } from "node:timers/promises";

/** Why an attempt is worth another try. */
export type RetryReason = "throttled" | "server-error" | "unreachable" | "timed-out";

/** One retry about to happen, for logs and metrics. */
export interface RetryEvent {
  readonly operation: string;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly reason: RetryReason;
  readonly status?: number;
  readonly waitMs: number;
}

export interface RetryPolicy {
  /** Names the call in traces and errors, e.g. "Telegram.sendMessage". */
  readonly operation: string;
  /** Attempts in all, the first included (default 3). */
  readonly maxAttempts?: number;
  /** The first backoff's ceiling; it doubles per retry up to `maxDelayMs` (default 200). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /**
   * The longest wait before a retry (default 2,000 ms). A Retry-After beyond it ends the call
   * at once: a caller with a deadline (a contact flow's 8 s) fails fast instead of outliving it.
   */
  readonly maxWaitMs?: number;
  /**
   * Time for the whole call, attempts and waits included: no retry starts whose wait would
   * end past it. Unset, only `maxAttempts` and `maxWaitMs` bound the call.
   */
  readonly budgetMs?: number;
  readonly onRetry?: (event: RetryEvent) => void;
  /** Injected by tests so no test sleeps on the wall clock. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Milliseconds since the epoch, for Retry-After given as an HTTP date. */
  readonly now?: () => number;
}

export type AttemptOutcome<T> =
  | { readonly kind: "done"; readonly value: T }
  | {
      readonly kind: "retry";
      readonly reason: RetryReason;
      readonly status?: number;
      /** What the vendor asked for (Retry-After); our own backoff otherwise. */
      readonly retryAfterMs?: number | undefined;
      /** What the call answers when this attempt is its last: a value, or a thrown error. */
      readonly settle: () => Promise<T>;
      /** Frees what the attempt holds (an unread body) before the next one. */
      readonly discard?: () => Promise<void>;
    };

const DEFAULTS = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2_000, maxWaitMs: 2_000 };

/**
 * Runs `attempt` until it is done, its failure is final, or the policy's bound is reached.
 * Waits between attempts with full jitter (a random wait up to 200 ms, 400 ms, … capped), so
 * senders that failed together do not retry together; a vendor's Retry-After wins over it.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<AttemptOutcome<T>>,
): Promise<T> {
  const { maxAttempts, baseDelayMs, maxDelayMs, maxWaitMs } = { ...DEFAULTS, ...definedOf(policy) };
  const random = policy.random ?? Math.random;
  const now = policy.now ?? Date.now;
  const startedMs = now();
  for (let attemptNumber = 1; ; attemptNumber++) {
    const outcome = await attempt(attemptNumber);
    if (outcome.kind === "done") return outcome.value;
    const ceilingMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (attemptNumber - 1));
    const waitMs = outcome.retryAfterMs ?? random() * ceilingMs;
    const pastBudget =
      policy.budgetMs !== undefined && now() + waitMs - startedMs > policy.budgetMs;
    if (attemptNumber >= maxAttempts || waitMs > maxWaitMs || pastBudget) return outcome.settle();
    await outcome.discard?.();
    policy.onRetry?.({
      operation: policy.operation,
      attempt: attemptNumber,
      reason: outcome.reason,
      ...(outcome.status === undefined ? {} : { status: outcome.status }),
      waitMs,
    });
    await (policy.sleep ?? sleepFor)(waitMs);
  }
}

/**
 * Retry-After in either form RFC 9110 §10.2.3 allows: delay-seconds or an HTTP-date.
 * Undefined when absent or unreadable, so the caller's own backoff applies.
 */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined || header.trim() === "") return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function definedOf(policy: RetryPolicy): Partial<typeof DEFAULTS> {
  const { maxAttempts, baseDelayMs, maxDelayMs, maxWaitMs } = policy;
  return Object.fromEntries(
    Object.entries({ maxAttempts, baseDelayMs, maxDelayMs, maxWaitMs }).filter(
      ([, value]) => value !== undefined,
    ),
  );
}
