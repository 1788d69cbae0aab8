import type { MediaFetchResult, MediaSource } from "../../core/ports/media-source.ts";
import type { InboundMedia } from "../../core/ports/messenger-channel.ts";
import { downloadMedia } from "../http/media-download.ts";
import type { RetryPolicy } from "../http/with-retries.ts";

export interface TwilioMediaSourceOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Another origin that serves Twilio's API, such as the local emulator. */
  readonly apiOrigin?: string;
  readonly timeoutMs?: number;
  /** Retry tuning and tracing (`onRetry`) of each download. */
  readonly retry?: Omit<RetryPolicy, "operation">;
}

const DEFAULT_TIMEOUT_MS = 10_000;
// MediaUrl{N} is on api.twilio.com, or an edge's api.<edge>.<region>.twilio.com (§5.7).
const TWILIO_API_HOST = /^api(\.[a-z0-9-]+)*\.twilio\.com$/;

/**
 * The files of inbound SMS/MMS and WhatsApp messages, at the webhook's `MediaUrl{N}`.
 * Twilio requires HTTP Basic auth with the account SID and auth token for media
 * (twilio.com/docs/messaging/api/media-resource); the credentials go to Twilio's API origin
 * only, never to the CDN it redirects to nor to a URL that is not Twilio's.
 */
export class TwilioMediaSource implements MediaSource {
  readonly #options: TwilioMediaSourceOptions;
  readonly #authorization: string;
  readonly #apiOrigin: string | undefined;

  constructor(options: TwilioMediaSourceOptions) {
    this.#options = options;
    const credentials = `${options.accountSid}:${options.authToken}`;
    this.#authorization = `Basic ${Buffer.from(credentials).toString("base64")}`;
    this.#apiOrigin = options.apiOrigin ? new URL(options.apiOrigin).origin : undefined;
  }

  async fetch(media: InboundMedia, options: { maxBytes: number }): Promise<MediaFetchResult> {
    let url: URL;
    try {
      url = new URL(media.url);
    } catch {
      return { kind: "unavailable", reason: "the media URL is not a URL" };
    }
    if (!this.#isTwilio(url)) return { kind: "unavailable", reason: "not a Twilio media URL" };
    return downloadMedia({
      url: url.href,
      declaredType: media.contentType,
      maxBytes: options.maxBytes,
      authorizationFor: (target) => (this.#isTwilio(target) ? this.#authorization : undefined),
      timeoutMs: this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(this.#options.retry ? { retry: this.#options.retry } : {}),
    });
  }

  #isTwilio(url: URL): boolean {
    if (this.#apiOrigin && url.origin === this.#apiOrigin) return true;
    return url.protocol === "https:" && url.port === "" && TWILIO_API_HOST.test(url.hostname);
  }
}
