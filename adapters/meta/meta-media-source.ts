import type { MediaFetchResult, MediaSource } from "../../core/ports/media-source.ts";
import type { InboundMedia } from "../../core/ports/messenger-channel.ts";
import { downloadMedia } from "../http/media-download.ts";
import type { RetryPolicy } from "../http/with-retries.ts";

export interface MetaMediaSourceOptions {
  /** Another origin trusted to serve attachments, such as a local stand-in in tests. */
  readonly mediaOrigin?: string;
  readonly timeoutMs?: number;
  /** Retry tuning and tracing (`onRetry`) of each download. */
  readonly retry?: Omit<RetryPolicy, "operation">;
}

const DEFAULT_TIMEOUT_MS = 10_000;
// Messenger attachment URLs point at Meta's CDN [unverified: the full list of hosts].
const META_CDN_HOST = /(^|\.)(fbcdn\.net|fbsbx\.com)$/;

/**
 * The files of Messenger messages, at `attachments[].payload.url` (protocols.md §6). The
 * URLs are signed and public, so no credential is sent; only Meta's CDN is fetched, so a
 * crafted URL cannot aim the function at another host.
 */
export class MetaMediaSource implements MediaSource {
  readonly #options: MetaMediaSourceOptions;
  readonly #mediaOrigin: string | undefined;

  constructor(options: MetaMediaSourceOptions = {}) {
    this.#options = options;
    this.#mediaOrigin = options.mediaOrigin ? new URL(options.mediaOrigin).origin : undefined;
  }

  async fetch(media: InboundMedia, options: { maxBytes: number }): Promise<MediaFetchResult> {
    let url: URL;
    try {
      url = new URL(media.url);
    } catch {
      return { kind: "unavailable", reason: "the media URL is not a URL" };
    }
    if (!this.#isMeta(url)) return { kind: "unavailable", reason: "not a Meta media URL" };
    const result = await downloadMedia({
      url: url.href,
      // Messenger names a kind ("image", "file"), not a MIME type: the response's type decides.
      maxBytes: options.maxBytes,
      authorizationFor: () => undefined,
      timeoutMs: this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(this.#options.retry ? { retry: this.#options.retry } : {}),
    });
    if (result.kind !== "fetched" || result.file.fileName) return result;
    const fileName = pathFileName(url);
    return fileName ? { kind: "fetched", file: { ...result.file, fileName } } : result;
  }

  #isMeta(url: URL): boolean {
    if (this.#mediaOrigin && url.origin === this.#mediaOrigin) return true;
    return url.protocol === "https:" && url.port === "" && META_CDN_HOST.test(url.hostname);
  }
}

/** The URL's last path segment when it looks like a file name (`invoice.pdf`). */
function pathFileName(url: URL): string | undefined {
  const last = decodeURIComponent(url.pathname.split("/").pop() ?? "");
  return /^[^.]+.*\.[A-Za-z0-9]{2,5}$/.test(last) ? last : undefined;
}
