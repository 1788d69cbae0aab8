/**
 * How Twilio signs the webhooks it sends (protocols.md §5.3, from twilio 6.2.0
 * lib/webhooks/webhooks.js and https://www.twilio.com/docs/usage/webhooks/webhooks-security).
 * Written out here rather than borrowed from the `twilio` package, so the tests can check
 * this signer against the official validator instead of against itself.
 */
import { createHash, createHmac } from "node:crypto";

export type TwilioParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * Form-encoded request: Base64 HMAC-SHA1, keyed with the Auth Token, over the full URL
 * followed by every parameter name and value, names sorted by code unit, no separators.
 * A repeated parameter contributes each distinct value, sorted.
 */
export function signTwilioRequest(authToken: string, url: string, params: TwilioParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    const values = typeof value === "string" ? [value] : [...new Set(value)].sort();
    for (const item of values) data += name + item;
  }
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

/**
 * JSON-body request: Twilio appends `bodySHA256=<hex SHA-256 of the body>` to the URL's
 * query and signs that URL alone.
 */
export function signTwilioJsonRequest(
  authToken: string,
  url: string,
  rawBody: string,
): { url: string; signature: string } {
  const bodySha256 = createHash("sha256").update(rawBody, "utf8").digest("hex");
  const signedUrl = new URL(url);
  signedUrl.searchParams.set("bodySHA256", bodySha256);
  const finalUrl = signedUrl.toString();
  return { url: finalUrl, signature: signTwilioRequest(authToken, finalUrl, {}) };
}

/** Form encoding as Twilio sends it: one `name=value` pair per value, UTF-8. */
export function encodeTwilioForm(params: TwilioParams): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const item of typeof value === "string" ? [value] : value) form.append(name, item);
  }
  return form.toString();
}
