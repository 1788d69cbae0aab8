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
