import type { ChannelRules, MediaRule } from "../../core/channel-rules.ts";
import { MEGABYTE, NO_KEYWORDS } from "../../core/channel-rules.ts";

/**
 * Image messages by URL: JPEG or PNG up to 10 MB, the link HTTPS and at most 2,000 characters
 * (developers.line.biz/en/reference/messaging-api/#image-message; protocols.md §9). LINE has no
 * file message for bots, so documents cannot go. Video and audio messages exist, but a video
 * needs a preview image and an audio message its duration, neither of which a chat
 * attachment comes with, so they are not offered.
 */
const LINE_MEDIA: readonly MediaRule[] = [
  { kind: "image", contentTypes: ["image/jpeg", "image/png"], maxBytes: 10 * MEGABYTE },
];

/** The longest URL a LINE message field takes. */
export const LINE_MAX_URL_LENGTH = 2_000;

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
  media: LINE_MEDIA,
};

/** A LINE user id: "U" and 32 hex digits. */
export const LINE_USER_ID_PATTERN = /^U[0-9a-f]{32}$/;
