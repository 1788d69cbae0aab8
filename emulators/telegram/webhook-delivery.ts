/**
 * Updates Telegram POSTs to the bot's webhook: one JSON-serialised Update per request,
 * `{update_id, message:{message_id, from, chat, date, text, entities?}}`, with the
 * secret token header when setWebhook set one (core.telegram.org/bots/api#update,
 * #setwebhook). update_id grows by one per update, so a replay has the same id.
 */
import * as z from "zod";
import type { WebhookDelivery } from "../shared-http/webhook-sender.ts";
import { secretTokenHeaders } from "./signature.ts";
import { privateChat, type TelegramContext, type TelegramUser } from "./telegram-context.ts";

export const telegramCustomerMessageSchema = z.object({
  userId: z.number().int().positive(),
  text: z.string().min(1),
  firstName: z.string().default("Ana"),
  username: z.string().optional(),
  languageCode: z.string().default("en"),
});
export type TelegramCustomerMessage = z.input<typeof telegramCustomerMessageSchema>;

export interface TelegramInboundResult {
  readonly updateId: number;
  readonly messageId: number;
  readonly delivery: WebhookDelivery;
}

/** The user writes to the bot in their private chat. */
export async function customerSends(
  ctx: TelegramContext,
  input: TelegramCustomerMessage,
): Promise<TelegramInboundResult> {
  const message = telegramCustomerMessageSchema.parse(input);
  const webhook = ctx.state.webhook;
  if (!webhook) throw new Error("no webhook set: pass webhookUrl or call setWebhook");
  const user: TelegramUser = {
    id: message.userId,
    is_bot: false,
    first_name: message.firstName,
    ...(message.username ? { username: message.username } : {}),
    language_code: message.languageCode,
  };
  const chat = ctx.state.openChat(user);
  const messageId = chat.nextMessageId++;
  const command = /^\/\w+/.exec(message.text);
  const update = {
    update_id: ctx.state.nextUpdateId(),
    message: {
      message_id: messageId,
      from: user,
      chat: privateChat(user),
      date: Math.floor(ctx.kit.clock.now() / 1000),
      text: message.text,
      ...(command
        ? { entities: [{ offset: 0, length: command[0].length, type: "bot_command" }] }
        : {}),
    },
  };
  const delivery = await ctx.kit.webhooks.deliver({
    kind: "message",
    url: webhook.url,
    headers: { "content-type": "application/json", ...secretTokenHeaders(webhook.secretToken) },
    body: JSON.stringify(update),
  });
  return { updateId: update.update_id, messageId, delivery };
}
