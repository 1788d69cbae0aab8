/**
 * A user adds the account as a friend: LINE sends a signed follow event with a reply token,
 * and pushes reach the user from then on (developers.line.biz/en/reference/messaging-api/
 * #follow-event). `POST /__emulator/follows {"userId"}` drives it.
 */
import * as z from "zod";
import { parseJson } from "../shared-http/body-parsers.ts";
import { jsonResponse } from "../shared-http/http-types.ts";
import type { Router } from "../shared-http/router.ts";
import type { WebhookDelivery } from "../shared-http/webhook-sender.ts";
import { type LineContext, ulid } from "./line-context.ts";
import { signLineBody } from "./signature.ts";

const followSchema = z.object({ userId: z.string().regex(/^U[0-9a-f]{32}$/) });

/** The user befriends the account (or unblocks it); the bot's webhook gets the event. */
export async function userFollows(ctx: LineContext, userId: string): Promise<WebhookDelivery> {
  const url = ctx.config.webhookUrl;
  if (!url) throw new Error("no webhook URL configured: pass webhookUrl or call setWebhookUrl()");
  ctx.state.users.set(userId, { blocked: false });
  const timestamp = ctx.kit.clock.now();
  const webhookEventId = ulid(timestamp);
  const event = {
    type: "follow",
    follow: { isUnblocked: false },
    webhookEventId,
    deliveryContext: { isRedelivery: false },
    timestamp,
    source: { type: "user", userId },
    replyToken: ctx.state.issueReplyToken(userId),
    mode: "active",
  };
  ctx.state.events.set(webhookEventId, event);
  const body = JSON.stringify({ destination: ctx.config.botUserId, events: [event] });
  return ctx.kit.webhooks.deliver({
    kind: "follow",
    url,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-line-signature": signLineBody(ctx.config.channelSecret, body),
    },
    body,
  });
}

export function addFollowRoute(router: Router, ctx: LineContext): void {
  router.add("POST", "/__emulator/follows", async (request) => {
    const json = parseJson(request.rawBody.toString("utf8"));
    const input = json.ok ? followSchema.safeParse(json.value) : undefined;
    if (!input?.success) return jsonResponse(400, { error: "expected {userId: U + 32 hex}" });
    return jsonResponse(200, await userFollows(ctx, input.data.userId));
  });
}
