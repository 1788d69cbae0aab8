/**
 * What Twilio sends to the application: inbound messages (form POST to the number's
 * webhook, protocols.md §5.1) and status callbacks (§5.2), each signed with
 * X-Twilio-Signature (§5.3). Twilio does not retry messaging webhooks by default.
 * Status callbacks live in status-callbacks.ts.
 */
import * as z from "zod";
import type { WebhookDelivery } from "../shared-http/webhook-sender.ts";
import { mediaPath } from "./media-store.ts";
import { isWhatsApp, optOutKeyword, type TwilioMessage } from "./message-store.ts";
import { encodeTwilioForm, signTwilioJsonRequest, signTwilioRequest } from "./signature.ts";
import { countSegments } from "./sms-segments.ts";
import { messageSid, type TwilioContext } from "./twilio-context.ts";

export const twilioCustomerMessageSchema = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  text: z.string().default(""),
  /**
   * A URL the message names as it is, or a file the emulator keeps and serves at a Twilio
   * MediaUrl behind Basic auth (`content` as bytes, or base64 over the HTTP inspection route).
   */
  media: z
    .array(
      z.union([
        z.object({ url: z.url(), contentType: z.string().min(1) }),
        z.object({
          contentType: z.string().min(1),
          content: z.union([z.instanceof(Uint8Array), z.base64()]),
        }),
      ]),
    )
    .max(10)
    .default([]),
  profileName: z.string().optional(),
  /** Parameters Twilio may add without notice; signatures must cover them too. */
  extraParams: z.record(z.string(), z.string()).default({}),
});
export type TwilioCustomerMessage = z.input<typeof twilioCustomerMessageSchema>;

export interface InboundResult {
  readonly messageSid: string;
  readonly delivery: WebhookDelivery;
}

/** The customer sends a message to one of the account's numbers. */
export async function customerSends(
  ctx: TwilioContext,
  input: TwilioCustomerMessage,
): Promise<InboundResult> {
  const message = twilioCustomerMessageSchema.parse(input);
  if (!ctx.config.webhookUrl) {
    throw new Error("no webhook URL configured: pass webhookUrl or call setWebhookUrl()");
  }
  const url = requestedUrl(ctx.config.webhookUrl);
  const sid = messageSid(message.media.length > 0);
  applyInboundRules(ctx, message);
  const params = inboundParams(ctx, sid, { ...message, media: storeMedia(ctx, sid, message) });
  const delivery = await ctx.kit.webhooks.deliver({
    kind: "message",
    url,
    headers: formHeaders(signTwilioRequest(ctx.config.authToken, url, params)),
    body: encodeTwilioForm(params),
  });
  recordTwimlReplies(ctx, delivery, message);
  return { messageSid: sid, delivery };
}

function applyInboundRules(
  ctx: TwilioContext,
  message: z.output<typeof twilioCustomerMessageSchema>,
): void {
  ctx.store.recordInbound(message.from, message.to);
  const keyword = optOutKeyword(message.text);
  if (!isWhatsApp(message.from) && (keyword === "STOP" || keyword === "START")) {
    ctx.store.setOptOut(message.from, message.to, keyword === "STOP");
  }
}

type MediaLink = { readonly url: string; readonly contentType: string };

/** Files given as bytes are kept for the message and named by their MediaUrl. */
function storeMedia(
  ctx: TwilioContext,
  messageSid: string,
  message: z.output<typeof twilioCustomerMessageSchema>,
): MediaLink[] {
  return message.media.map((media) => {
    if ("url" in media) return media;
    const bytes =
      typeof media.content === "string"
        ? Buffer.from(media.content, "base64")
        : Buffer.from(media.content);
    const { accountSid } = ctx.config;
    const mediaSid = ctx.media.add({
      accountSid,
      messageSid,
      contentType: media.contentType,
      bytes,
    });
    const url = `${ctx.origin}${mediaPath(accountSid, messageSid, mediaSid)}`;
    return { url, contentType: media.contentType };
  });
}

function inboundParams(
  ctx: TwilioContext,
  sid: string,
  message: Omit<z.output<typeof twilioCustomerMessageSchema>, "media"> & {
    media: readonly MediaLink[];
  },
): Record<string, string> {
  const params: Record<string, string> = {
    ...message.extraParams,
    MessageSid: sid,
    SmsSid: sid,
    SmsMessageSid: sid,
    AccountSid: ctx.config.accountSid,
    From: message.from,
    To: message.to,
    Body: message.text,
    NumMedia: String(message.media.length),
    NumSegments: String(countSegments(message.text)),
    SmsStatus: "received",
    ApiVersion: "2010-04-01",
  };
  message.media.forEach((media, i) => {
    params[`MediaUrl${i}`] = media.url;
    params[`MediaContentType${i}`] = media.contentType;
  });
  if (isWhatsApp(message.from)) {
    params.WaId = message.from.replace(/^whatsapp:\+?/, "");
    params.ProfileName = message.profileName ?? "";
    params.MessageType = message.media.length > 0 ? "media" : "text";
  }
  return params;
}

/** A TwiML `<Message>` in the webhook's answer is sent back to the customer. */
function recordTwimlReplies(
  ctx: TwilioContext,
  delivery: WebhookDelivery,
  inbound: { from: string; to: string },
): void {
  if (!delivery.status || delivery.status >= 300 || !delivery.responseBody) return;
  for (const match of delivery.responseBody.matchAll(
    /<Message(?:\s[^>]*)?>([\s\S]*?)<\/Message>/g,
  )) {
    const body = unescapeXml((match[1] ?? "").replace(/<Body>([\s\S]*?)<\/Body>[\s\S]*/, "$1"));
    const now = ctx.kit.clock.now();
    const reply: TwilioMessage = {
      sid: messageSid(),
      accountSid: ctx.config.accountSid,
      direction: "outbound-reply",
      from: inbound.to,
      to: inbound.from,
      body,
      messagingServiceSid: null,
      mediaUrls: [],
      media: [],
      contentSid: null,
      contentVariables: null,
      statusCallback: null,
      numSegments: countSegments(body),
      dateCreated: now,
      status: "sent",
      errorCode: null,
      errorMessage: null,
      dateSent: now,
      dateUpdated: now,
    };
    ctx.store.messages.set(reply.sid, reply);
  }
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The JSON-body variant (§5.3): `bodySHA256` in the URL, the URL alone signed. */
export function sendJsonWebhook(ctx: TwilioContext, input: { url?: string; body: unknown }) {
  const configured = input.url ?? ctx.config.webhookUrl;
  if (!configured) throw new Error("no webhook URL configured");
  const url = requestedUrl(configured);
  const rawBody = JSON.stringify(input.body);
  const signed = signTwilioJsonRequest(ctx.config.authToken, url, rawBody);
  return ctx.kit.webhooks.deliver({
    kind: "json-event",
    url: signed.url,
    headers: {
      "content-type": "application/json",
      "x-twilio-signature": signed.signature,
      "i-twilio-idempotency-token": messageSid(),
    },
    body: rawBody,
  });
}

export function formHeaders(signature: string): Record<string, string> {
  return {
    "content-type": "application/x-www-form-urlencoded",
    "x-twilio-signature": signature,
    "user-agent": "TwilioProxy/1.1",
    // [unverified format] Twilio marks each webhook with one; a retry repeats it.
    "i-twilio-idempotency-token": messageSid(),
  };
}

/** Twilio signs the URL it actually requests, so a configured URL is normalised first. */
export function requestedUrl(configured: string): string {
  return new URL(configured).toString();
}
