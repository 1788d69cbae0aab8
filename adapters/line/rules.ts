import type { ChannelRules } from "../../core/channel-rules.ts";
import { NO_KEYWORDS } from "../../core/channel-rules.ts";

/**
 * LINE: push messages reach any user who added the official account as a friend, at any
 * time; 5,000 characters per text message
 * (https://developers.line.biz/en/reference/messaging-api/#text-message).
 */
export const LINE_RULES: ChannelRules = {
  templateOutsideWindow: false,
  templateForFirstMessage: false,
  maxTextLength: 5_000,
  keywords: NO_KEYWORDS,
  optOutNoticeRequired: false,
};

/** A LINE user id: "U" and 32 hex digits. */
export const LINE_USER_ID_PATTERN = /^U[0-9a-f]{32}$/;
