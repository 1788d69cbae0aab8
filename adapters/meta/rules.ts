import type { ChannelRules, MediaRule } from "../../core/channel-rules.ts";
import { MEGABYTE, NO_KEYWORDS } from "../../core/channel-rules.ts";

const HOUR_MS = 3_600_000;

/**
 * Attachments by URL (`message.attachment.payload.url`): up to 25 MB, images up to 8 MB
 * fetched from a URL, audio only when served with an audio Content-Type; `file` takes any
 * document (developers.facebook.com/documentation/business-messaging/messenger-platform/
 * send-messages/saving-assets; protocols.md §9).
 */
const MESSENGER_MEDIA: readonly MediaRule[] = [
  { kind: "image", contentTypes: ["image/jpeg", "image/png", "image/gif"], maxBytes: 8 * MEGABYTE },
  { kind: "video", contentTypes: ["video/mp4"], maxBytes: 25 * MEGABYTE },
  {
    kind: "audio",
    contentTypes: ["audio/mpeg", "audio/mp4", "audio/wav", "audio/ogg", "audio/aac"],
    maxBytes: 25 * MEGABYTE,
  },
  {
    kind: "document",
    contentTypes: [
      "application/pdf",
      "text/plain",
      "text/csv",
      "application/msword",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.ms-excel",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.ms-powerpoint",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ],
    maxBytes: 25 * MEGABYTE,
  },
];

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
  media: MESSENGER_MEDIA,
};

/** A page-scoped id (PSID) is a string of digits. */
export const PSID_PATTERN = /^\d{1,32}$/;
