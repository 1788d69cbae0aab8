import type { ChannelRules, MediaRule } from "../../core/channel-rules.ts";
import { MEGABYTE, NO_KEYWORDS } from "../../core/channel-rules.ts";

/**
 * Files sent by URL, which Telegram downloads: photos up to 5 MB (sendPhoto), other content
 * up to 20 MB, and sendDocument by URL "will currently only work for GIF, PDF and ZIP files"
 * (core.telegram.org/bots/api#sending-files; protocols.md §9). Other documents would have to
 * be uploaded as multipart, which this channel does not do.
 */
const TELEGRAM_MEDIA: readonly MediaRule[] = [
  { kind: "image", contentTypes: ["image/jpeg", "image/png"], maxBytes: 5 * MEGABYTE },
  {
    kind: "document",
    contentTypes: ["application/pdf", "image/gif", "application/zip"],
    maxBytes: 20 * MEGABYTE,
  },
];

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
  media: TELEGRAM_MEDIA,
};

/** A private chat id is the user's id: a (possibly negative for groups) integer. */
export const TELEGRAM_CHAT_ID_PATTERN = /^-?\d{1,20}$/;
