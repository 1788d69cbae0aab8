import { setTimeout as sleep } from "node:timers/promises";
import { DependencyFailedError } from "../../core/errors.ts";
import type { MediaFetchResult } from "../../core/ports/media-source.ts";

export interface MediaDownload {
  readonly url: string;
  /** The type the inbound message declared; used when the response names none. */
  readonly declaredType?: string | undefined;
  readonly maxBytes: number;
  /** The Authorization header for a URL, or undefined to send none (redirect targets). */
  readonly authorizationFor: (url: URL) => string | undefined;
  readonly timeoutMs: number;
  readonly maxRetries: number;
}

type Attempt =
  | { readonly kind: "done"; readonly result: MediaFetchResult }
  | { readonly kind: "retry"; readonly error: Error; readonly waitMs: number | undefined };

const BACKOFF_BASE_MS = 200;
/** A longer Retry-After would outlast the resume function's budget: fail now, retry later. */
const MAX_WAIT_MS = 2_000;
const MAX_REDIRECTS = 3;
const GONE = new Set([400, 401, 403, 404, 410]);

/**
 * GETs one attachment with a size cap. A GET changes nothing, so unlike a send it is retried
 * (at most `maxRetries`, jittered) on 429, 5xx, timeouts and network errors; a missing or
 * refused file is "unavailable". Redirects are followed by hand so credentials only go where
 * `authorizationFor` allows (a platform's media URL redirects to its CDN).
 */
export async function downloadMedia(request: MediaDownload): Promise<MediaFetchResult> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await attemptDownload(request);
    if (outcome.kind === "done") return outcome.result;
    const waitMs = outcome.waitMs ?? Math.random() * BACKOFF_BASE_MS * 2 ** attempt;
    if (attempt >= request.maxRetries || waitMs > MAX_WAIT_MS) throw outcome.error;
    await sleep(waitMs);
  }
}

async function attemptDownload(request: MediaDownload): Promise<Attempt> {
  const signal = AbortSignal.timeout(request.timeoutMs);
  let url = new URL(request.url);
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const authorization = request.authorizationFor(url);
      const response = await fetch(url, {
        headers: authorization ? { authorization } : {},
        redirect: "manual",
        signal,
      });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      return await answer(request, response);
    }
    return done({ kind: "unavailable", reason: "too many redirects" });
  } catch (cause) {
    const timedOut = cause instanceof Error && cause.name === "TimeoutError";
    const error = new DependencyFailedError(
      timedOut ? "the media download timed out" : "the media host could not be reached",
      { cause, details: { operation: "DownloadMedia", retryable: true } },
    );
    return { kind: "retry", error, waitMs: undefined };
  }
}

async function answer(request: MediaDownload, response: Response): Promise<Attempt> {
  if (!response.ok) {
    await response.body?.cancel();
    if (GONE.has(response.status)) {
      return done({ kind: "unavailable", reason: `the media host answered ${response.status}` });
    }
    const error = new DependencyFailedError(`the media host answered ${response.status}`, {
      details: { operation: "DownloadMedia", httpStatus: response.status, retryable: true },
    });
    return { kind: "retry", error, waitMs: retryAfterMs(response.headers.get("retry-after")) };
  }
  const contentType = response.headers.get("content-type") ?? request.declaredType;
  const typed = contentType ? { contentType } : {};
  const declaredLength = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declaredLength > request.maxBytes) {
    await response.body?.cancel();
    return done({ kind: "too-large", ...typed, sizeBytes: declaredLength });
  }
  const bytes = await readCapped(response, request.maxBytes);
  if (!bytes) return done({ kind: "too-large", ...typed });
  const fileName = dispositionName(response.headers.get("content-disposition"));
  return done({
    kind: "fetched",
    file: {
      bytes,
      contentType: contentType ?? "application/octet-stream",
      ...(fileName ? { fileName } : {}),
    },
  });
}

/** The body, or undefined once it passes `maxBytes` (a missing Content-Length proves nothing). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    total += next.value.byteLength;
    if (total > maxBytes) {
      await reader?.cancel();
      return undefined;
    }
    chunks.push(next.value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function done(result: MediaFetchResult): Attempt {
  return { kind: "done", result };
}

/** `filename="a.pdf"` from Content-Disposition, where a host sends one. */
function dispositionName(header: string | null): string | undefined {
  const match = header?.match(/filename="?([^";]+)"?/i);
  return match?.[1]?.trim() || undefined;
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1_000 : undefined;
}
