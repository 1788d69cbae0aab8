import type { EmulatorResponse } from "../shared-http/http-types.ts";
import { telegramErrors } from "./api-errors.ts";
import type { ChatState, TelegramContext } from "./telegram-context.ts";

/** A user's private chat the bot may write to, or the Bot API's refusal. */
export function reachableChat(ctx: TelegramContext, chatId: unknown): ChatState | EmulatorResponse {
  const chat = ctx.state.chat(Number(chatId));
  // A bot reaches a user only after the user wrote to it (/start).
  if (!chat)
    return Number.isInteger(Number(chatId)) && Number(chatId) > 0
      ? telegramErrors.cantInitiate()
      : telegramErrors.chatNotFound();
  if (chat.blocked) return telegramErrors.blocked();
  return chat;
}
