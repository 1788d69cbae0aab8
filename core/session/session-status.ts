/** Where a deflection stands. The main path runs top to bottom. */
export const SESSION_STATUSES = [
  "offered",
  "accepted",
  "message-sent",
  "delivered",
  "replied",
  "chat-started",
  "agent-connected",
  "ended",
  "declined",
  "failed",
  "expired",
  "opted-out",
] as const;

export type SessionStatus = (typeof SESSION_STATUSES)[number];

/**
 * The allowed moves. Delivery receipts are optional (many channels never send one, and a
 * reply can overtake the receipt), so "message-sent" may go straight to "replied".
 * Every non-final state can fail, expire, or see the customer opt out. An ended chat is not
 * the end of the deflection: the customer's late reply reopens it ("replied"), and resume
 * starts a chat that continues the ended one. Every other outcome is final.
 */
const ALLOWED: Readonly<Record<SessionStatus, readonly SessionStatus[]>> = {
  offered: ["accepted", "declined", "failed", "expired"],
  accepted: ["message-sent", "failed", "expired", "opted-out"],
  "message-sent": ["delivered", "replied", "failed", "expired", "opted-out"],
  delivered: ["replied", "failed", "expired", "opted-out"],
  replied: ["chat-started", "failed", "expired", "opted-out"],
  "chat-started": ["agent-connected", "ended", "failed", "expired", "opted-out"],
  "agent-connected": ["ended", "failed", "expired", "opted-out"],
  ended: ["replied"],
  declined: [],
  failed: [],
  expired: [],
  "opted-out": [],
};

export const FINAL_STATUSES: ReadonlySet<SessionStatus> = new Set(
  SESSION_STATUSES.filter((status) => ALLOWED[status].length === 0),
);

/** The statuses in which the session's chat is open: customer messages go into it. */
export const LIVE_CHAT_STATUSES: ReadonlySet<SessionStatus> = new Set([
  "chat-started",
  "agent-connected",
]);

export function allowedNextStatuses(from: SessionStatus): readonly SessionStatus[] {
  return ALLOWED[from];
}

export function canTransition(from: SessionStatus, to: SessionStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function isFinalStatus(status: SessionStatus): boolean {
  return FINAL_STATUSES.has(status);
}
