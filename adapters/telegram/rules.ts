import type { ChannelRules } from "../../core/channel-rules.ts";
import { NO_KEYWORDS } from "../../core/channel-rules.ts";

/**
 * Telegram: a bot may write to anyone who started it, at any time; 4,096 characters per
 * message (https://core.telegram.org/bots/api#sendmessage). Opting out is blocking the bot.
 */
export const TELEGRAM_RULES: ChannelRules = {
  templateOutsideWindow: false,
  templateForFirstMessage: false,
  maxTextLength: 4_096,
  keywords: NO_KEYWORDS,
  optOutNoticeRequired: false,
};

/** A private chat id is the user's id: a (possibly negative for groups) integer. */
export const TELEGRAM_CHAT_ID_PATTERN = /^-?\d{1,20}$/;
