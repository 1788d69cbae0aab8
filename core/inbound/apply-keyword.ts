import { addressKey, type CustomerAddress, PHONE_KEYED_CHANNELS } from "../channel.ts";
import type { KeywordIntent } from "../channel-rules.ts";
import type { CustomerDirectory } from "../ports/customer-directory.ts";
import type { InboundMessage } from "../ports/messenger-channel.ts";
import type { SessionStore } from "../ports/session-store.ts";
import { transition } from "../session/deflection-session.ts";
import { canTransition } from "../session/session-status.ts";

/** What we answer to a keyword, where the platform does not answer it itself. */
export const KEYWORD_REPLIES: Readonly<Record<KeywordIntent, string>> = {
  stop: "You are unsubscribed and will get no more messages from us. Reply START to subscribe again.",
  start: "You are subscribed again. Reply STOP to unsubscribe.",
  help: "We continue your call here by message. Reply STOP to unsubscribe.",
};

/** Phone-keyed channels share the customer's number as key; others are keyed per channel. */
export function customerKeyFor(address: CustomerAddress): string {
  return PHONE_KEYED_CHANNELS.has(address.channel) ? address.handle : addressKey(address);
}

export interface KeywordDeps {
  readonly customers: CustomerDirectory;
  readonly sessions: SessionStore;
}

/**
 * STOP and START change consent, with the message itself as evidence in the audit trail;
 * STOP also ends the customer's open deflection. HELP changes nothing (it is only answered).
 */
export async function applyKeyword(
  deps: KeywordDeps,
  options: { message: InboundMessage; intent: KeywordIntent },
): Promise<void> {
  const { message, intent } = options;
  if (intent === "help") return;
  const word = message.text.trim().toUpperCase();
  await deps.customers.recordConsent({
    customerKey: customerKeyFor(message.from),
    record: {
      channel: message.channel,
      status: intent === "stop" ? "opted-out" : "opted-in",
      at: message.receivedAt.toISOString(),
      source: `keyword:${word}`,
      evidence: message.text,
    },
  });
  if (intent === "stop") await optOutOpenSession(deps.sessions, message);
}

async function optOutOpenSession(sessions: SessionStore, message: InboundMessage): Promise<void> {
  const session = await sessions.findByAddress(message.from);
  if (!session || !canTransition(session.status, "opted-out")) return;
  const next = transition(session, {
    to: "opted-out",
    at: message.receivedAt,
    reason: `keyword:${message.text.trim().toUpperCase()}`,
  });
  await sessions.saveTransition(session, next);
}
