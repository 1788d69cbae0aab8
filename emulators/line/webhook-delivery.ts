/**
 * What LINE POSTs to the bot's webhook: `{"destination": <bot user id>, "events": [...]}`
 * signed with x-line-signature; a message event carries replyToken, webhookEventId (ULID)
 * and deliveryContext.isRedelivery; the console's "Verify" sends an empty events array.
 * Sources: developers.line.biz/en/reference/messaging-api/#webhook-event-objects;
 * @line/bot-sdk webhook model (MessageEvent, EventBase, DeliveryContext).
 */
import * as z from "zod";
import { randomHex } from "../shared-http/random-ids.ts";
import type { WebhookDelivery } from "../shared-http/webhook-sender.ts";
import { type LineContext, lineMessageId, ulid } from "./line-context.ts";
import { signLineBody } from "./signature.ts";

export const lineCustomerMessageSchema = z.object({
  userId: z.string().regex(/^U[0-9a-f]{32}$/),
  text: z.string().min(1).max(5000),
});
export type LineCustomerMessage = z.input<typeof lineCustomerMessageSchema>;

export interface LineInboundResult {
  readonly webhookEventId: string;
  readonly replyToken: string;
  readonly messageId: string;
  readonly delivery: WebhookDelivery;
}

type LineEvent = Record<string, unknown>;

/** The user sends the account a text message. */
export async function customerSends(
  ctx: LineContext,
  input: LineCustomerMessage,
): Promise<LineInboundResult> {
  const message = lineCustomerMessageSchema.parse(input);
  if (!ctx.state.users.has(message.userId)) ctx.state.users.set(message.userId, { blocked: false });
  const replyToken = ctx.state.issueReplyToken(message.userId);
  const timestamp = ctx.kit.clock.now();
  const webhookEventId = ulid(timestamp);
  const messageId = lineMessageId();
  const event: LineEvent = {
    type: "message",
    message: { type: "text", id: messageId, quoteToken: randomHex(24), text: message.text },
    webhookEventId,
    deliveryContext: { isRedelivery: false },
    timestamp,
    source: { type: "user", userId: message.userId },
    replyToken,
    mode: "active",
  };
  ctx.state.events.set(webhookEventId, event);
  const delivery = await deliverEvents(ctx, [event], "message");
  return { webhookEventId, replyToken, messageId, delivery };
}

/** LINE's redelivery of an event the bot did not acknowledge: same id, isRedelivery true. */
export function redeliver(ctx: LineContext, webhookEventId: string): Promise<WebhookDelivery> {
  const original = ctx.state.events.get(webhookEventId);
  if (!original) throw new Error(`no webhook event ${webhookEventId}`);
  return deliverEvents(
    ctx,
    [{ ...original, deliveryContext: { isRedelivery: true } }],
    "redelivery",
  );
}

/** The console's "Verify" button: an empty events array. */
export function verifyWebhook(ctx: LineContext): Promise<WebhookDelivery> {
  return deliverEvents(ctx, [], "verify");
}

function deliverEvents(
  ctx: LineContext,
  events: readonly LineEvent[],
  kind: string,
): Promise<WebhookDelivery> {
  const url = ctx.config.webhookUrl;
  if (!url) throw new Error("no webhook URL configured: pass webhookUrl or call setWebhookUrl()");
  const body = JSON.stringify({ destination: ctx.config.botUserId, events });
  return ctx.kit.webhooks.deliver({
    kind,
    url,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-line-signature": signLineBody(ctx.config.channelSecret, body),
    },
    body,
  });
}
