import { DependencyFailedError } from "../../core/errors.ts";
import {
  type AttemptOutcome,
  type RetryPolicy,
  retryAfterMs,
  withRetries,
} from "./with-retries.ts";

export interface VendorRequest {
  readonly url: string | URL;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly redirect?: RequestRedirect;
}

export interface VendorCall<T> extends RetryPolicy {
  /** The request, or a function that builds it per attempt (a fresh nonce or signature). */
  readonly request: VendorRequest | ((attemptNumber: number) => VendorRequest);
  /**
   * Whether sending it twice is harmless: a GET, or a send with an idempotency key. Only then
   * are a 5xx, a timeout or a connection cut mid-request retried, since each may hide a request
   * the vendor carried out. A 429 and a connection that never opened are retried either way.
   */
  readonly idempotent: boolean;
  /** Per attempt, the body's reading included (default 10,000). */
  readonly timeoutMs?: number;
  /** Reads the final answer, whatever its status; it runs inside the attempt's timeout. */
  readonly read: (response: Response) => Promise<T>;
  /** Seconds to wait that a vendor states in its error body rather than in Retry-After. */
  readonly retryAfterSecondsIn?: (body: unknown) => number | undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Failures to open a connection: nothing reached the vendor, so nothing can have happened. */
const NEVER_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * One vendor HTTP call with a per-attempt timeout and bounded, jittered retries of 429, 5xx
 * and connection failures (see `idempotent`); never of another 4xx. An HTTP answer goes to
 * `read`, so each adapter maps its vendor's error body; no answer at all becomes
 * DEPENDENCY_FAILED with `details.timedOut` and `details.attempts`.
 */
export function sendWithRetries<T>(call: VendorCall<T>): Promise<T> {
  return withRetries(call, (attemptNumber) => attempt(call, attemptNumber));
}

async function attempt<T>(call: VendorCall<T>, attemptNumber: number): Promise<AttemptOutcome<T>> {
  const request = typeof call.request === "function" ? call.request(attemptNumber) : call.request;
  const signal = AbortSignal.timeout(call.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method ?? "GET",
      ...(request.headers ? { headers: { ...request.headers } } : {}),
      ...(request.body === undefined ? {} : { body: request.body }),
      ...(request.redirect ? { redirect: request.redirect } : {}),
      signal,
    });
  } catch (cause) {
    return noAnswer(call, cause, attemptNumber);
  }
  const { status } = response;
  const reason = status === 429 ? "throttled" : status >= 500 ? "server-error" : undefined;
  if (reason === "throttled" || (reason === "server-error" && call.idempotent)) {
    const waitMs = await requestedWaitMs(call, response);
    return {
      kind: "retry",
      reason,
      status,
      retryAfterMs: waitMs,
      settle: () => readAnswer(call, response, attemptNumber),
      discard: () => response.body?.cancel() ?? Promise.resolve(),
    };
  }
  try {
    return { kind: "done", value: await call.read(response) };
  } catch (cause) {
    if (!isTransportFailure(cause)) throw cause;
    return noAnswer(call, cause, attemptNumber);
  }
}

/** The answer came; only its body can still fail to arrive (cut off, or the timeout). */
async function readAnswer<T>(call: VendorCall<T>, response: Response, attempts: number) {
  try {
    return await call.read(response);
  } catch (cause) {
    if (!isTransportFailure(cause)) throw cause;
    throw unreachable(call.operation, cause, attempts);
  }
}

/** A connection that never opened is retried; one cut or timed out only if `idempotent`. */
function noAnswer<T>(call: VendorCall<T>, cause: unknown, attempts: number): AttemptOutcome<T> {
  const error = unreachable(call.operation, cause, attempts);
  if (!neverConnected(cause) && !call.idempotent) throw error;
  const reason = isTimeout(cause) ? "timed-out" : "unreachable";
  return { kind: "retry", reason, settle: () => Promise.reject(error) };
}

async function requestedWaitMs<T>(call: VendorCall<T>, response: Response) {
  const now = call.now ?? Date.now;
  const fromHeader = retryAfterMs(response.headers.get("retry-after"), now());
  if (fromHeader !== undefined || !call.retryAfterSecondsIn) return fromHeader;
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined);
  const seconds = call.retryAfterSecondsIn(body);
  return seconds === undefined || !(seconds >= 0) ? undefined : seconds * 1_000;
}

/** No answer from the vendor, after every attempt the policy allowed. */
export function unreachable(operation: string, cause: unknown, attempts: number) {
  const timedOut = isTimeout(cause);
  const message = timedOut
    ? `${operation} did not answer in time`
    : `${operation} could not be reached`;
  return new DependencyFailedError(message, {
    cause,
    details: { operation, attempts, timedOut },
  });
}

function isTimeout(cause: unknown): boolean {
  return cause instanceof Error && cause.name === "TimeoutError";
}

/** True when the connection never opened: fetch nests the socket error, node's http does not. */
export function neverConnected(cause: unknown): boolean {
  const error = cause as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = error?.cause?.code ?? error?.code;
  return typeof code === "string" && NEVER_CONNECTED.has(code);
}

/** fetch's own failures: a TypeError ("fetch failed", "terminated") or an aborted signal. */
function isTransportFailure(cause: unknown): boolean {
  return (
    cause instanceof TypeError ||
    (cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError"))
  );
}
