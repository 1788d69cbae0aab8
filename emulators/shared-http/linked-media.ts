/** A file a platform fetched from the link a send named, or why it could not. */
export type LinkedMedia =
  | {
      readonly ok: true;
      readonly url: string;
      /** The served Content-Type as a bare media type (`image/png`), or "" when none came. */
      readonly contentType: string;
      readonly sizeInBytes: number;
      readonly bytes: Buffer;
      /** From Content-Disposition, or the link's last path segment. */
      readonly fileName: string;
    }
  | {
      readonly ok: false;
      readonly url: string;
      readonly failure: "unreachable" | "http-status" | "too-large";
      readonly detail: string;
    };

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Fetches a file the way Twilio, Meta and Telegram do when a send names a URL: a GET, the size
 * capped, the Content-Type as served. The emulators never leave the machine: a link to any
 * host but loopback is unreachable here, as one that does not answer is for the platform.
 */
export async function fetchLinkedMedia(
  url: string,
  options: { maxBytes: number; timeoutMs?: number },
): Promise<LinkedMedia> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, url, failure: "unreachable", detail: "not a URL" };
  }
  if (!LOOPBACK.has(parsed.hostname) || !/^https?:$/.test(parsed.protocol)) {
    return { ok: false, url, failure: "unreachable", detail: `${parsed.host} is not reachable` };
  }
  let response: Response;
  try {
    response = await fetch(parsed, {
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    return { ok: false, url, failure: "unreachable", detail: String(error) };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { ok: false, url, failure: "http-status", detail: `answered ${response.status}` };
  }
  const bytes = await readCapped(response, options.maxBytes);
  if (!bytes) return { ok: false, url, failure: "too-large", detail: `over ${options.maxBytes}` };
  const contentType = (response.headers.get("content-type") ?? "").split(";")[0] ?? "";
  return {
    ok: true,
    url,
    contentType: contentType.trim().toLowerCase(),
    sizeInBytes: bytes.length,
    bytes,
    fileName: fileNameOf(response.headers.get("content-disposition"), parsed),
  };
}

async function readCapped(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  const reader = response.body?.getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
    total += next.value.byteLength;
    if (total > maxBytes) {
      await reader?.cancel();
      return undefined;
    }
    chunks.push(Buffer.from(next.value));
  }
  return Buffer.concat(chunks);
}

function fileNameOf(disposition: string | null, url: URL): string {
  const named = disposition?.match(/filename="?([^";]+)"?/i)?.[1]?.trim();
  if (named) return named;
  return decodeURIComponent(url.pathname.split("/").pop() ?? "") || "file";
}
