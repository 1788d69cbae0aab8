import { DependencyFailedError } from "../../core/errors.ts";
import type { MediaFetchResult } from "../../core/ports/media-source.ts";
import { sendWithRetries } from "./vendor-http.ts";
import type { RetryPolicy } from "./with-retries.ts";

export interface MediaDownload {
  readonly url: string;
  /** The type the inbound message declared; used when the response names none. */
  readonly declaredType?: string | undefined;
  readonly maxBytes: number;
  /** The Authorization header for a URL, or undefined to send none (redirect targets). */
  readonly authorizationFor: (url: URL) => string | undefined;
  readonly timeoutMs: number;
  /** Retry tuning and tracing; each hop of a redirect is retried on its own. */
  readonly retry?: Omit<RetryPolicy, "operation">;
}

type Hop =
  | { readonly kind: "redirect"; readonly to: URL }
  | { readonly kind: "done"; readonly result: MediaFetchResult };

const OPERATION = "DownloadMedia";
const MAX_REDIRECTS = 3;
const GONE = new Set([400, 401, 403, 404, 410]);

/**
 * GETs one attachment with a size cap. A GET changes nothing, so unlike a send it is retried
 * on 429, 5xx, timeouts and network errors; a missing or refused file is "unavailable".
 * Redirects are followed by hand so credentials only go where `authorizationFor` allows (a
 * platform's media URL redirects to its CDN).
 */
export async function downloadMedia(request: MediaDownload): Promise<MediaFetchResult> {
  let url = new URL(request.url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const hopUrl = url;
    const authorization = request.authorizationFor(hopUrl);
    const answer: Hop = await sendWithRetries({
      operation: OPERATION,
      ...request.retry,
      idempotent: true,
      timeoutMs: request.timeoutMs,
      request: { url: hopUrl, headers: authorization ? { authorization } : {}, redirect: "manual" },
      read: (response) => readHop(request, hopUrl, response),
    });
    if (answer.kind === "done") return answer.result;
    url = answer.to;
  }
  return { kind: "unavailable", reason: "too many redirects" };
}

async function readHop(request: MediaDownload, url: URL, response: Response): Promise<Hop> {
  const location = response.headers.get("location");
  if (response.status >= 300 && response.status < 400 && location) {
    await response.body?.cancel();
    return { kind: "redirect", to: new URL(location, url) };
  }
  return { kind: "done", result: await readFile(request, response) };
}

async function readFile(request: MediaDownload, response: Response): Promise<MediaFetchResult> {
  if (!response.ok) {
    await response.body?.cancel();
    if (GONE.has(response.status)) {
      return { kind: "unavailable", reason: `the media host answered ${response.status}` };
    }
    throw new DependencyFailedError(`the media host answered ${response.status}`, {
      details: { operation: OPERATION, httpStatus: response.status, retryable: true },
    });
  }
  const contentType = response.headers.get("content-type") ?? request.declaredType;
  const typed = contentType ? { contentType } : {};
  const declaredLength = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declaredLength > request.maxBytes) {
    await response.body?.cancel();
    return { kind: "too-large", ...typed, sizeBytes: declaredLength };
  }
  const bytes = await readCapped(response, request.maxBytes);
  if (!bytes) return { kind: "too-large", ...typed };
  const fileName = dispositionName(response.headers.get("content-disposition"));
  return {
    kind: "fetched",
    file: {
      bytes,
      contentType: contentType ?? "application/octet-stream",
      ...(fileName ? { fileName } : {}),
    },
  };
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

/** `filename="a.pdf"` from Content-Disposition, where a host sends one. */
function dispositionName(header: string | null): string | undefined {
  const match = header?.match(/filename="?([^";]+)"?/i);
  return match?.[1]?.trim() || undefined;
}
