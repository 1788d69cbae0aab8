import type { RetryEvent } from "../../adapters/http/with-retries.ts";
import type { Logger } from "../../core/ports/logger.ts";

/** The part of the one Logger (core/ports/logger.ts) a retry is written to. */
export type RetryLogger = Pick<Logger, "warn">;

/**
 * The `onRetry` hook of every vendor call a function makes: each retry leaves one line with
 * the call, the attempt that failed, the wait before the next and why.
 */
export function logRetries(logger: RetryLogger): (event: RetryEvent) => void {
  return ({ operation, attempt, reason, status, waitMs }) =>
    logger.warn("vendor call retried", {
      operation,
      attempt,
      delayMs: Math.round(waitMs),
      reason,
      ...(status === undefined ? {} : { status }),
    });
}
