import type { ChannelRules } from "../../core/channel-rules.ts";
import { NO_KEYWORDS } from "../../core/channel-rules.ts";

const HOUR_MS = 3_600_000;

/**
 * Messenger: anything within 24 h of the customer's last message; after that only a human
 * agent's reply tagged HUMAN_AGENT, up to 7 days; no templates (protocols.md §6). The page
 * cannot start a conversation, so Messenger only resumes a thread the customer opened.
 * The 2,000-character text limit is [unverified] (protocols.md §10.11).
 */
export const MESSENGER_RULES: ChannelRules = {
  serviceWindowMs: 24 * HOUR_MS,
  humanAgentWindowMs: 7 * 24 * HOUR_MS,
  templateOutsideWindow: false,
  templateForFirstMessage: false,
  maxTextLength: 2_000,
  keywords: NO_KEYWORDS,
  optOutNoticeRequired: false,
};

/** A page-scoped id (PSID) is a string of digits. */
export const PSID_PATTERN = /^\d{1,32}$/;
