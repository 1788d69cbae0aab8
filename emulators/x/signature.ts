/**
 * How X signs Account Activity webhooks and answers the CRC (protocols.md §7.1;
 * developer.x.com …/account-activity-api/guides/securing-webhooks): both are
 * `sha256=<base64 HMAC-SHA256 keyed with the app's consumer secret>`, over the raw POST
 * body or over the crc_token.
 */
import { createHmac } from "node:crypto";

export function signXWebhookBody(consumerSecret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", consumerSecret).update(rawBody, "utf8").digest("base64")}`;
}

/** The `response_token` an app must return for `GET <webhook>?crc_token=…`. */
export function crcResponseToken(consumerSecret: string, crcToken: string): string {
  return `sha256=${createHmac("sha256", consumerSecret).update(crcToken, "utf8").digest("base64")}`;
}
