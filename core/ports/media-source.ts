import type { InboundMedia } from "./messenger-channel.ts";

/** An attachment's content as the platform served it. */
export interface MediaFile {
  readonly bytes: Uint8Array;
  /** MIME type the platform served, else the one the inbound message declared. */
  readonly contentType: string;
  /** The platform's own file name, where it gives one. */
  readonly fileName?: string;
}

/** What became of fetching one attachment. */
export type MediaFetchResult =
  | { readonly kind: "fetched"; readonly file: MediaFile }
  /** Larger than `maxBytes`; `sizeBytes` when the platform said how large. */
  | { readonly kind: "too-large"; readonly contentType?: string; readonly sizeBytes?: number }
  /** Gone, refused or not the platform's URL: a retry will not fetch it either. */
  | { readonly kind: "unavailable"; readonly reason: string };

/**
 * Where a channel keeps the files customers send (Twilio's media URLs, Meta's CDN links).
 * Throws DependencyFailedError when the platform failed after bounded retries, so the
 * message can be tried again later.
 */
export interface MediaSource {
  fetch(media: InboundMedia, options: { maxBytes: number }): Promise<MediaFetchResult>;
}
