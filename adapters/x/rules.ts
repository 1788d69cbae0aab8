import type { ChannelRules, MediaRule } from "../../core/channel-rules.ts";
import { MEGABYTE, NO_KEYWORDS } from "../../core/channel-rules.ts";

/**
 * What a DM can carry: one photo, GIF or video from the media upload; images up to 5 MB, GIFs
 * 15 MB, videos 512 MB (docs.x.com/x-api/media; protocols.md §7.2). No documents.
 */
const X_MEDIA: readonly MediaRule[] = [
  {
    kind: "image",
    contentTypes: ["image/jpeg", "image/png", "image/webp"],
    maxBytes: 5 * MEGABYTE,
  },
  { kind: "image", contentTypes: ["image/gif"], maxBytes: 15 * MEGABYTE },
  { kind: "video", contentTypes: ["video/mp4"], maxBytes: 512 * MEGABYTE },
];

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
  media: X_MEDIA,
};

/** An X user id is a decimal string. */
export const X_USER_ID_PATTERN = /^\d{1,25}$/;
