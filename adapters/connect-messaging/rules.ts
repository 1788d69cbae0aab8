import type { ChannelKind } from "../../core/channel.ts";
import type { ChannelRules } from "../../core/channel-rules.ts";
import { SMS_KEYWORDS } from "../../core/channel-rules.ts";

const HOUR_MS = 3_600_000;

export type ConnectMessagingKind = Extract<ChannelKind, "connect-sms" | "connect-whatsapp">;

/**
 * SMS through Connect (AWS End User Messaging SMS numbers): no window; End User Messaging
 * applies the standard opt-out keywords itself. A chat message is capped at 1,024
 * characters (protocols.md §9), below SMS's own concatenation limits.
 */
export const CONNECT_SMS_RULES: ChannelRules = {
  templateOutsideWindow: false,
  templateForFirstMessage: false,
  maxTextLength: 1_024,
  keywords: SMS_KEYWORDS,
  optOutNoticeRequired: true,
};

/** WhatsApp through Connect: the same 24-hour rule and templates as WhatsApp anywhere. */
export const CONNECT_WHATSAPP_RULES: ChannelRules = {
  serviceWindowMs: 24 * HOUR_MS,
  templateOutsideWindow: true,
  templateForFirstMessage: true,
  maxTextLength: 1_024,
  keywords: SMS_KEYWORDS,
  optOutNoticeRequired: false,
};

/** The `connect:Subtype` segment attribute that tells Connect which messaging channel to use. */
export const CONNECT_SUBTYPE: Readonly<Record<ConnectMessagingKind, string>> = {
  "connect-sms": "connect:SMS",
  "connect-whatsapp": "connect:WhatsApp",
};
