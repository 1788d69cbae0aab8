/**
 * What X sends to a registered Account Activity webhook (protocols.md §7.1): JSON with
 * `for_user_id`, `direct_message_events` (message_create) and `users`, signed with
 * x-twitter-webhooks-signature; and the CRC GET that the app must answer.
 */
import { setTimeout as sleep } from "node:timers/promises";
import * as z from "zod";
import { parseJson } from "../shared-http/body-parsers.ts";
import { randomHex } from "../shared-http/random-ids.ts";
import type { WebhookDelivery } from "../shared-http/webhook-sender.ts";
import { crcResponseToken, signXWebhookBody } from "./signature.ts";
import { eventId, oneToOneConversationId, type XContext, type XDmEvent } from "./x-context.ts";

export const xCustomerMessageSchema = z.object({
  senderId: z.string().regex(/^\d{1,19}$/),
  text: z.string().min(1),
  screenName: z.string().optional(),
  /** Reuse an event id to make a duplicate delivery. */
  eventId: z.string().optional(),
});
export type XCustomerMessage = z.input<typeof xCustomerMessageSchema>;

export interface XInboundResult {
  readonly eventId: string;
  readonly delivery: WebhookDelivery;
}

/** A customer sends the account a DM. */
export async function customerSends(
  ctx: XContext,
  input: XCustomerMessage,
): Promise<XInboundResult> {
  const message = xCustomerMessageSchema.parse(input);
  const now = ctx.kit.clock.now();
  const id = message.eventId ?? eventId();
  ctx.store.events.push({
    id,
    event_type: "MessageCreate",
    text: message.text,
    sender_id: message.senderId,
    dm_conversation_id: oneToOneConversationId(ctx.config.userId, message.senderId),
    created_at: new Date(now).toISOString(),
  });
  const users = {
    [message.senderId]: user(
      message.senderId,
      message.screenName ?? `customer_${message.senderId.slice(-4)}`,
      now,
    ),
    [ctx.config.userId]: user(ctx.config.userId, ctx.config.screenName, now),
  };
  const event = messageCreate({
    id,
    now,
    senderId: message.senderId,
    recipientId: ctx.config.userId,
    text: message.text,
  });
  const delivery = await deliver(ctx, { direct_message_events: [event], users }, "message");
  return { eventId: id, delivery };
}

/** The account's own send arrives on the webhook too, with sender_id = for_user_id. */
export function scheduleEcho(ctx: XContext, sent: XDmEvent, recipientId: string): void {
  if (!ctx.config.echoOwnSends || !ctx.config.webhookUrl) return;
  const epoch = ctx.kit.webhooks.epoch;
  const run = async () => {
    await sleep(5);
    if (ctx.kit.webhooks.epoch !== epoch) return;
    const now = Date.parse(sent.created_at);
    const base = messageCreate({
      id: sent.id,
      now,
      senderId: ctx.config.userId,
      recipientId,
      text: sent.text,
    });
    const event = {
      ...base,
      message_create: { ...base.message_create, source_app_id: ctx.config.appId },
    };
    await deliver(
      ctx,
      {
        direct_message_events: [event],
        apps: { [ctx.config.appId]: { id: ctx.config.appId, name: "connect-deflect" } },
      },
      "echo",
    );
  };
  ctx.kit.webhooks.track(run());
}

function messageCreate(input: {
  id: string;
  now: number;
  senderId: string;
  recipientId: string;
  text: string;
}) {
  return {
    type: "message_create",
    id: input.id,
    created_timestamp: String(input.now),
    message_create: {
      target: { recipient_id: input.recipientId },
      sender_id: input.senderId,
      message_data: {
        text: input.text,
        entities: { hashtags: [], symbols: [], urls: [], user_mentions: [] },
      },
    },
  };
}

function user(id: string, screenName: string, now: number) {
  return {
    id,
    created_timestamp: String(now - 86_400_000),
    name: screenName,
    screen_name: screenName,
    protected: false,
    verified: false,
    followers_count: 0,
    friends_count: 0,
    statuses_count: 0,
    profile_image_url_https: `https://pbs.twimg.com/profile_images/${id}/normal.jpg`,
  };
}

function deliver(
  ctx: XContext,
  payload: Record<string, unknown>,
  kind: string,
): Promise<WebhookDelivery> {
  const url = ctx.config.webhookUrl;
  if (!url) throw new Error("no webhook URL configured: pass webhookUrl or call setWebhookUrl()");
  const body = JSON.stringify({ for_user_id: ctx.config.userId, ...payload });
  return ctx.kit.webhooks.deliver({
    kind,
    url,
    headers: {
      "content-type": "application/json",
      "x-twitter-webhooks-signature": signXWebhookBody(ctx.config.consumerSecret, body),
    },
    body,
  });
}

/** The CRC check X runs at registration and then periodically. */
export async function crcCheck(
  ctx: XContext,
): Promise<{ ok: boolean; expected: string; delivery: WebhookDelivery }> {
  const base = ctx.config.webhookUrl;
  if (!base) throw new Error("no webhook URL configured");
  const token = randomHex(16);
  const url = new URL(base);
  url.searchParams.set("crc_token", token);
  const delivery = await ctx.kit.webhooks.deliver({
    kind: "crc",
    method: "GET",
    url: url.toString(),
  });
  const expected = crcResponseToken(ctx.config.consumerSecret, token);
  const answer = parseJson(delivery.responseBody ?? "");
  const responseToken = answer.ok
    ? (answer.value as { response_token?: unknown } | null)?.response_token
    : undefined;
  return { ok: delivery.status === 200 && responseToken === expected, expected, delivery };
}
