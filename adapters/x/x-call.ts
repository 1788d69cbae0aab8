import { DependencyFailedError, isDeflectError } from "../../core/errors.ts";
import { vendorError } from "../http/vendor-error.ts";
import { neverConnected } from "../http/vendor-http.ts";
import {
  type AttemptOutcome,
  type RetryPolicy,
  retryAfterMs,
  withRetries,
} from "../http/with-retries.ts";

/**
 * One X API call through twitter-api-v2, which does its own HTTP and signs each request anew,
 * so the library call is the attempt. Nothing X takes has an idempotency key: only a 429 or a
 * connection that never opened is retried. Failures map to the core's codes.
 */
export function callX<T>(policy: RetryPolicy, call: () => Promise<T>): Promise<T> {
  const now = policy.now ?? Date.now;
  return withRetries(policy, async (): Promise<AttemptOutcome<T>> => {
    try {
      return { kind: "done", value: await call() };
    } catch (err) {
      return retryOrThrow(err, now());
    }
  });
}

function retryOrThrow<T>(err: unknown, nowMs: number): AttemptOutcome<T> {
  const settle = () => Promise.reject(xError(err));
  const { code, headers } = err as { code?: unknown; headers?: Record<string, unknown> };
  if (code === 429) {
    const retryAfter = retryAfterMs(String(headers?.["retry-after"] ?? ""), nowMs);
    return {
      kind: "retry",
      reason: "throttled",
      status: 429,
      retryAfterMs: retryAfter ?? resetMs(headers, nowMs),
      settle,
    };
  }
  const requestError = (err as { requestError?: unknown }).requestError;
  if (requestError && neverConnected(requestError)) {
    return { kind: "retry", reason: "unreachable", settle };
  }
  throw xError(err);
}

/** X states the end of the rate-limit window as epoch seconds in x-rate-limit-reset (§7.2). */
function resetMs(headers: Record<string, unknown> | undefined, nowMs: number) {
  const reset = Number(headers?.["x-rate-limit-reset"]);
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1_000 - nowMs) : undefined;
}

function xError(err: unknown): Error {
  if (isDeflectError(err)) return err;
  const status = (err as { code?: unknown }).code;
  if (typeof status !== "number" || !(err instanceof Error)) {
    return new DependencyFailedError("X could not be reached", { cause: err });
  }
  // 403: the customer does not accept DMs from us (their settings, or they blocked us).
  const reason = status === 403 ? "NOT_ALLOWED" : status === 404 ? "INVALID_ADDRESS" : "REJECTED";
  const refused = status >= 400 && status < 500 && status !== 429 && status !== 401;
  return vendorError({
    status,
    message: refused ? `X refused the request (${status})` : `X answered ${status}`,
    cause: err,
    reason,
  });
}
