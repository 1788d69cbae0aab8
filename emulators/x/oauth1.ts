/**
 * Server-side check of an OAuth 1.0a HMAC-SHA1 request signature (RFC 5849 §3.4), as the
 * X API does for user-context calls. Written from the RFC, not from twitter-api-v2's
 * signer, so the client is checked by an independent implementation.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { contentType } from "../shared-http/body-parsers.ts";
import type { EmulatorRequest } from "../shared-http/http-types.ts";

export interface OAuth1Credentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
}

/** Largest clock difference accepted between client and server. */
const MAX_SKEW_SECONDS = 300;

/** RFC 3986 percent-encoding, as OAuth requires (encodeURIComponent leaves !*'() alone). */
function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!*'()]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function parseOAuthHeader(header: string): Map<string, string> | undefined {
  if (!/^OAuth\s/i.test(header)) return undefined;
  const fields = new Map<string, string>();
  for (const match of header.slice(6).matchAll(/([\w-]+)="([^"]*)"/g)) {
    try {
      fields.set(match[1] ?? "", decodeURIComponent(match[2] ?? ""));
    } catch {
      return undefined;
    }
  }
  return fields;
}

/** True when the request carries a valid signature by the given consumer and token. */
export function verifyOAuth1(
  request: EmulatorRequest,
  credentials: OAuth1Credentials,
  nowMs: number,
): boolean {
  const fields = parseOAuthHeader(request.headers.authorization ?? "");
  const signature = fields?.get("oauth_signature");
  if (!fields || !signature) return false;
  if (fields.get("oauth_signature_method") !== "HMAC-SHA1") return false;
  if (fields.get("oauth_consumer_key") !== credentials.consumerKey) return false;
  if (fields.get("oauth_token") !== credentials.accessToken) return false;
  const timestamp = Number(fields.get("oauth_timestamp"));
  if (!Number.isFinite(timestamp) || Math.abs(nowMs / 1000 - timestamp) > MAX_SKEW_SECONDS)
    return false;
  const key = `${percentEncode(credentials.consumerSecret)}&${percentEncode(credentials.accessTokenSecret)}`;
  const expected = createHmac("sha1", key).update(baseString(request, fields)).digest();
  const actual = Buffer.from(signature, "base64");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function baseString(request: EmulatorRequest, fields: Map<string, string>): string {
  const pairs: [string, string][] = [];
  for (const [name, value] of fields)
    if (name !== "oauth_signature" && name !== "realm") pairs.push([name, value]);
  for (const [name, value] of request.query) pairs.push([name, value]);
  // Only a form-encoded body takes part; a JSON body is not signed.
  if (contentType(request) === "application/x-www-form-urlencoded") {
    for (const [name, value] of new URLSearchParams(request.rawBody.toString("utf8")))
      pairs.push([name, value]);
  }
  const normalized = pairs
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const baseUrl = `${request.url.protocol}//${request.url.host.toLowerCase()}${request.url.pathname}`;
  return [request.method.toUpperCase(), percentEncode(baseUrl), percentEncode(normalized)].join(
    "&",
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
