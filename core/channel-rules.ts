/** The rules a channel imposes on what we may send and when. */
export interface ChannelRules {
  /**
   * How long after the customer's last message free text is allowed (WhatsApp and
   * Messenger: 24 h). Undefined means no window: free text is always allowed (SMS).
   */
  readonly serviceWindowMs?: number;
  /** Outside the window, a template is allowed (WhatsApp). */
  readonly templateOutsideWindow: boolean;
  /** Outside the window, an agent reply may go out tagged HUMAN_AGENT up to this age. */
  readonly humanAgentWindowMs?: number;
  /** The first, business-initiated message must be a template (WhatsApp). */
  readonly templateForFirstMessage: boolean;
  readonly maxTextLength: number;
  /** Keywords the channel treats as opt-out / opt-in / help (SMS). Empty if none. */
  readonly keywords: OptKeywords;
  /** The first message must say how to opt out (SMS in many countries). */
  readonly optOutNoticeRequired: boolean;
  /** The files the channel takes from a link; absent or empty: text only. */
  readonly media?: readonly MediaRule[];
}

/** How a channel shows a file; it picks the platform's message type (photo, document...). */
export type MediaKind = "image" | "video" | "audio" | "document";

/** Files of these types a channel fetches from a link, up to its documented size limit. */
export interface MediaRule {
  readonly kind: MediaKind;
  /** Lower-case media types without parameters (`image/png`). */
  readonly contentTypes: readonly string[];
  readonly maxBytes: number;
}

/** One megabyte as the platforms' limits count it here (binary, the stricter reading). */
export const MEGABYTE = 1024 * 1024;

/** A content type as a bare media type: `Image/JPG; name=a` → `image/jpeg`. */
export function mediaType(contentType: string): string {
  const bare = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return bare === "image/jpg" ? "image/jpeg" : bare;
}

/** The channel's rule for a file of this type, or undefined when it cannot carry it. */
export function mediaRuleFor(rules: ChannelRules, contentType: string): MediaRule | undefined {
  const type = mediaType(contentType);
  return rules.media?.find((rule) => rule.contentTypes.includes(type));
}

export interface OptKeywords {
  readonly stop: readonly string[];
  readonly start: readonly string[];
  readonly help: readonly string[];
}

export const NO_KEYWORDS: OptKeywords = { stop: [], start: [], help: [] };

/** The industry-standard SMS keywords (Twilio Advanced Opt-Out, protocols.md §5.6). */
export const SMS_KEYWORDS: OptKeywords = {
  stop: ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"],
  start: ["START", "YES", "UNSTOP"],
  help: ["HELP", "INFO"],
};

export type KeywordIntent = "stop" | "start" | "help";

/** A message is a keyword only when it is the whole message (case and spaces ignored). */
export function keywordIntent(text: string, keywords: OptKeywords): KeywordIntent | undefined {
  const word = text.trim().toUpperCase();
  if (keywords.stop.includes(word)) return "stop";
  if (keywords.start.includes(word)) return "start";
  if (keywords.help.includes(word)) return "help";
  return undefined;
}

/** How an outbound message may go out right now. */
export type DeliveryMode = "free-text" | "template" | "human-agent-tag" | "not-allowed";

/**
 * Decides how a message may be sent given when the customer last wrote to us.
 * `lastInboundAt` undefined means the customer never wrote (a business-initiated message).
 */
export function deliveryMode(options: {
  rules: ChannelRules;
  lastInboundAt: Date | undefined;
  now: Date;
}): DeliveryMode {
  const { rules, lastInboundAt, now } = options;
  if (lastInboundAt === undefined) {
    return rules.templateForFirstMessage ? "template" : "free-text";
  }
  if (rules.serviceWindowMs === undefined) return "free-text";
  const ageMs = now.getTime() - lastInboundAt.getTime();
  if (ageMs <= rules.serviceWindowMs) return "free-text";
  if (rules.humanAgentWindowMs !== undefined && ageMs <= rules.humanAgentWindowMs) {
    return "human-agent-tag";
  }
  return rules.templateOutsideWindow ? "template" : "not-allowed";
}
