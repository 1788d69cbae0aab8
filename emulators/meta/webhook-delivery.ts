/**
 * What Meta POSTs to the app's callback URL (protocols.md §6): `{"object":"page","entry":[
 * {"id","time","messaging":[…]}]}`, where both arrays may hold several events, signed with
 * X-Hub-Signature-256 over the raw body; plus the verification GET with hub.challenge.
 */
import { setTimeout as sleep } from "node:timers/promises";
import * as z from "zod";
import { randomHex } from "../shared-http/random-ids.ts";
import type { WebhookDelivery } from "../shared-http/webhook-sender.ts";
import { type MetaContext, type MetaSentMessage, messageId } from "./meta-context.ts";
import { serializeLikeMeta, signMetaBody, signMetaBodySha1 } from "./signature.ts";

export const metaCustomerMessageSchema = z.object({
  psid: z.string().min(1),
  text: z.string().optional(),
  attachments: z.array(z.object({ type: z.string().min(1), url: z.url() })).default([]),
  quickReplyPayload: z.string().optional(),
  /** Reuse a mid to make a duplicate event. */
  mid: z.string().optional(),
});
export type MetaCustomerMessage = z.input<typeof metaCustomerMessageSchema>;

export interface MetaInboundResult {
  readonly mids: readonly string[];
  readonly delivery: WebhookDelivery;
}

type MessagingEvent = Record<string, unknown>;

/** One customer message, one webhook POST. */
export async function customerSends(
  ctx: MetaContext,
  input: MetaCustomerMessage,
): Promise<MetaInboundResult> {
  return customerSendsBatch(ctx, [input]);
}

/** Several messages in one POST, split into entries of `perEntry` events (all in one by default). */
export async function customerSendsBatch(
  ctx: MetaContext,
  inputs: readonly MetaCustomerMessage[],
  options: { perEntry?: number } = {},
): Promise<MetaInboundResult> {
  const messages = inputs.map((input) => metaCustomerMessageSchema.parse(input));
  const events = messages.map((message) => {
    const timestamp = ctx.kit.clock.now();
    ctx.page.recordInbound(message.psid, timestamp);
    return inboundEvent(ctx, message, timestamp);
  });
  const mids = events.map((event) => String((event.message as { mid: string }).mid));
  const delivery = await deliverEvents(ctx, events, options.perEntry ?? events.length, "message");
  return { mids, delivery };
}

function inboundEvent(
  ctx: MetaContext,
  message: z.output<typeof metaCustomerMessageSchema>,
  timestamp: number,
): MessagingEvent {
  const body: Record<string, unknown> = { mid: message.mid ?? messageId() };
  if (message.text !== undefined) body.text = message.text;
  if (message.quickReplyPayload) body.quick_reply = { payload: message.quickReplyPayload };
  if (message.attachments.length > 0) {
    body.attachments = message.attachments.map(({ type, url }) => ({ type, payload: { url } }));
  }
  return {
    sender: { id: message.psid },
    recipient: { id: ctx.config.pageId },
    timestamp,
    message: body,
  };
}

/** Signs and POSTs messaging events, grouped into entries. */
export function deliverEvents(
  ctx: MetaContext,
  events: readonly MessagingEvent[],
  perEntry: number,
  kind: string,
): Promise<WebhookDelivery> {
  const url = ctx.config.webhookUrl;
  if (!url) throw new Error("no webhook URL configured: pass webhookUrl or call setWebhookUrl()");
  const entry = [];
  for (let i = 0; i < events.length; i += Math.max(1, perEntry)) {
    const messaging = events.slice(i, i + Math.max(1, perEntry));
    entry.push({ id: ctx.config.pageId, time: ctx.kit.clock.now(), messaging });
  }
  const body = serializeLikeMeta({ object: "page", entry });
  return ctx.kit.webhooks.deliver({
    kind,
    url,
    headers: {
      "content-type": "application/json",
      "x-hub-signature-256": signMetaBody(ctx.config.appSecret, body),
      "x-hub-signature": signMetaBodySha1(ctx.config.appSecret, body),
    },
    body,
  });
}

/** After an accepted send: delivery, read and echo events, as configured. */
export function scheduleSendEvents(ctx: MetaContext, sent: MetaSentMessage): void {
  const { deliveryEvents, readEvents, echoes, webhookUrl } = ctx.config;
  if (!webhookUrl || !sent.messageId) return;
  const page = { id: ctx.config.pageId };
  const user = { id: sent.recipientId };
  const epoch = ctx.kit.webhooks.epoch;
  const run = async () => {
    await sleep(5);
    if (ctx.kit.webhooks.epoch !== epoch) return;
    const watermark = ctx.kit.clock.now();
    if (echoes) {
      const message = {
        ...sent.message,
        is_echo: true,
        app_id: Number(ctx.config.appId),
        mid: sent.messageId,
      };
      await deliverEvents(
        ctx,
        [{ sender: page, recipient: user, timestamp: watermark, message }],
        1,
        "echo",
      );
    }
    if (deliveryEvents) {
      const delivery = { mids: [sent.messageId], watermark };
      await deliverEvents(ctx, [{ sender: user, recipient: page, delivery }], 1, "delivery");
    }
    if (readEvents) {
      await deliverEvents(
        ctx,
        [{ sender: user, recipient: page, timestamp: watermark, read: { watermark } }],
        1,
        "read",
      );
    }
  };
  ctx.kit.webhooks.track(run());
}

/** The subscription check Meta makes when the callback URL is saved. */
export async function verifySubscription(
  ctx: MetaContext,
  options: { verifyToken?: string } = {},
): Promise<{ ok: boolean; delivery: WebhookDelivery }> {
  const base = ctx.config.webhookUrl;
  if (!base) throw new Error("no webhook URL configured");
  const challenge = randomHex(8);
  const url = new URL(base);
  url.searchParams.set("hub.mode", "subscribe");
  url.searchParams.set("hub.verify_token", options.verifyToken ?? ctx.config.verifyToken);
  url.searchParams.set("hub.challenge", challenge);
  const delivery = await ctx.kit.webhooks.deliver({
    kind: "verify",
    method: "GET",
    url: url.toString(),
  });
  return { ok: delivery.status === 200 && delivery.responseBody === challenge, delivery };
}
