/**
 * How Meta signs webhook POSTs (protocols.md §6; developers.facebook.com/docs/messenger-platform/webhooks):
 * `X-Hub-Signature-256: sha256=<lowercase hex HMAC-SHA256(app secret, raw body)>`, plus
 * the legacy `X-Hub-Signature: sha1=…`.
 */
import { createHmac } from "node:crypto";

export function signMetaBody(appSecret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody, "utf8").digest("hex")}`;
}

export function signMetaBodySha1(appSecret: string, rawBody: string): string {
  return `sha1=${createHmac("sha1", appSecret).update(rawBody, "utf8").digest("hex")}`;
}

/**
 * JSON as Meta sends it: non-ASCII escaped as lowercase `\uXXXX` (protocols.md §6), and
 * `/` escaped as `\/` ([unverified], seen in captured payloads). A receiver that hashes a
 * re-serialised body instead of the raw bytes fails on both.
 */
export function serializeLikeMeta(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, "\\/")
    .replace(
      /[\u007f-\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
}
