import type { ChannelRules } from "../../core/channel-rules.ts";
import { NO_KEYWORDS } from "../../core/channel-rules.ts";

/**
 * X direct messages have no service window; whether a DM may go out depends on the
 * customer's DM settings, which the API reports as a 403 on send. 10,000 characters per DM
 * (https://docs.x.com/x-api/direct-messages/manage/integrate) [unverified].
 */
export const X_DIRECT_MESSAGE_RULES: ChannelRules = {
  templateOutsideWindow: false,
  templateForFirstMessage: false,
  maxTextLength: 10_000,
  keywords: NO_KEYWORDS,
  optOutNoticeRequired: false,
};

/** An X user id is a decimal string. */
export const X_USER_ID_PATTERN = /^\d{1,25}$/;
