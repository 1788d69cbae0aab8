/**
 * How LINE signs webhooks: `x-line-signature` = Base64 of HMAC-SHA256 over the raw request
 * body, keyed with the channel secret.
 * Sources: developers.line.biz/en/docs/messaging-api/verify-webhook-signature and
 * /en/reference/messaging-api/#signature-validation; @line/bot-sdk validate-signature.js.
 */
import { createHmac } from "node:crypto";

export function signLineBody(channelSecret: string, rawBody: string): string {
  return createHmac("sha256", channelSecret).update(rawBody, "utf8").digest("base64");
}
