import type { ChannelKind, CustomerAddress } from "../../core/channel.ts";
import {
  type ChannelRules,
  MEGABYTE,
  type MediaRule,
  SMS_KEYWORDS,
} from "../../core/channel-rules.ts";
import { InvalidInputError } from "../../core/errors.ts";
import { isE164 } from "../../core/phone-number.ts";

const HOUR_MS = 3_600_000;

/** The Twilio channels: plain SMS and WhatsApp through Twilio. */
export type TwilioChannelKind = Extract<ChannelKind, "sms" | "whatsapp">;

const OFFICE_DOCUMENTS = [
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
];

/**
 * MMS through `MediaUrl`: 5 MB in all, images formatted for the handset, other accepted types
 * passed as they are (twilio.com/docs/messaging/guides/accepted-mime-types; protocols.md §9).
 * Carriers cap non-image files lower (0.6–1.5 MB in the US), which Twilio reports afterwards.
 */
const MMS_MEDIA: readonly MediaRule[] = [
  { kind: "image", contentTypes: ["image/jpeg", "image/png", "image/gif"], maxBytes: 5 * MEGABYTE },
  { kind: "video", contentTypes: ["video/mp4", "video/mpeg"], maxBytes: 5 * MEGABYTE },
  { kind: "audio", contentTypes: ["audio/mpeg", "audio/mp4", "audio/ogg"], maxBytes: 5 * MEGABYTE },
  {
    kind: "document",
    contentTypes: ["application/pdf", "text/csv", "text/vcard", ...OFFICE_DOCUMENTS],
    maxBytes: 5 * MEGABYTE,
  },
];

/**
 * WhatsApp through Twilio: images up to 5 MB, other media up to 16 MB; documents are PDF only
 * (twilio.com/docs/whatsapp/guidance-whatsapp-media-messages; protocols.md §9).
 */
const WHATSAPP_MEDIA: readonly MediaRule[] = [
  { kind: "image", contentTypes: ["image/jpeg", "image/png"], maxBytes: 5 * MEGABYTE },
  { kind: "video", contentTypes: ["video/mp4"], maxBytes: 16 * MEGABYTE },
  {
    kind: "audio",
    contentTypes: ["audio/ogg", "audio/amr", "audio/aac", "audio/mpeg"],
    maxBytes: 16 * MEGABYTE,
  },
  { kind: "document", contentTypes: ["application/pdf"], maxBytes: 16 * MEGABYTE },
];

/** SMS has no service window; Twilio caps a body at 1,600 characters (protocols.md §5.4). */
export const TWILIO_SMS_RULES: ChannelRules = {
  templateOutsideWindow: false,
  templateForFirstMessage: false,
  maxTextLength: 1_600,
  keywords: SMS_KEYWORDS,
  optOutNoticeRequired: true,
  media: MMS_MEDIA,
};

/**
 * WhatsApp: free text only within 24 h of the customer's last message; a business-initiated
 * message or one outside the window must be an approved template (protocols.md §5.5).
 */
export const TWILIO_WHATSAPP_RULES: ChannelRules = {
  serviceWindowMs: 24 * HOUR_MS,
  templateOutsideWindow: true,
  templateForFirstMessage: true,
  maxTextLength: 1_600,
  keywords: SMS_KEYWORDS,
  optOutNoticeRequired: false,
  media: WHATSAPP_MEDIA,
};

const WHATSAPP_PREFIX = "whatsapp:";

/** Our address → Twilio's `To`/`From`: E.164 for SMS, `whatsapp:+E164` for WhatsApp. */
export const TWILIO_RULES: Readonly<Record<TwilioChannelKind, ChannelRules>> = {
  sms: TWILIO_SMS_RULES,
  whatsapp: TWILIO_WHATSAPP_RULES,
};

export function toTwilioAddress(address: CustomerAddress): string {
  if (!isE164(address.handle)) {
    throw new InvalidInputError(`a ${address.channel} handle must be an E.164 number`);
  }
  return address.channel === "whatsapp" ? `${WHATSAPP_PREFIX}${address.handle}` : address.handle;
}

/** Twilio's `From` → our address; the prefix must match the channel the webhook is for. */
export function fromTwilioAddress(kind: TwilioChannelKind, raw: string): CustomerAddress {
  const prefixed = raw.startsWith(WHATSAPP_PREFIX);
  const handle = prefixed ? raw.slice(WHATSAPP_PREFIX.length) : raw;
  if (prefixed !== (kind === "whatsapp") || !isE164(handle)) {
    throw new InvalidInputError(`"${raw.slice(0, 40)}" is not a ${kind} address`);
  }
  return { channel: kind, handle };
}
