import { deliveryMode } from "../channel-rules.ts";
import { ChannelRejectedError, DependencyFailedError, NotFoundError } from "../errors.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import { CHAT_EVENT, type ChatItem, isForCustomer } from "./chat-item.ts";
import { deliverInOrder } from "./deliver-in-order.ts";
import { endChat } from "./end-chat.ts";
import { lastInboundAt } from "./last-inbound.ts";
import { moveSession } from "./move-session.ts";
import { placeInOrder, sendAnnounced } from "./place-in-order.ts";
import type { RelayDeps } from "./relay-deps.ts";
import type { RelayOutcome } from "./relay-outcome.ts";

/**
 * Relays one Connect chat item to the customer's messenger: agent and system messages the
 * customer may see, the agent joining and typing, and the chat ending. Safe to call again with the
 * same item, and in any order: a message goes out only after the ones before it in the chat,
 * straight from the notification while the chat's order is intact, else in transcript order.
 * Throws for what a retry can fix (NotFoundError while the chat is not linked
 * yet, ConflictError while another worker holds the item, DependencyFailedError).
 */
export async function relayChatItem(deps: RelayDeps, item: ChatItem): Promise<RelayOutcome> {
  if (!isForCustomer(item)) return { action: "ignored", reason: "NOT_FOR_CUSTOMER" };
  if (item.type === "EVENT") return relayEvent(deps, item);
  if (item.type !== "MESSAGE" && item.type !== "ATTACHMENT") {
    return { action: "ignored", reason: "TYPE_IGNORED" };
  }
  const place = await placeInOrder(deps, item);
  const session = await sessionOf(deps, item);
  if (!session) {
    throw new NotFoundError(`no session is linked to chat ${item.contactId} yet`, {
      details: { contactId: item.contactId, itemId: item.id },
    });
  }
  if (place === "next") return sendAnnounced(deps, { item, session });
  const { outcomes } = await deliverInOrder(deps, {
    session,
    chatContactId: item.contactId,
    upTo: item,
  });
  return outcomes.get(item.id) ?? { action: "duplicate" };
}

async function relayEvent(deps: RelayDeps, item: ChatItem): Promise<RelayOutcome> {
  if (item.contentType === CHAT_EVENT.typing) return relayTyping(deps, item);
  const agentJoined =
    item.contentType === CHAT_EVENT.participantJoined && item.participantRole === "AGENT";
  if (!agentJoined && item.contentType !== CHAT_EVENT.chatEnded) {
    return { action: "ignored", reason: "EVENT_IGNORED" };
  }
  const session = await sessionOf(deps, item);
  if (!session) return { action: "ignored", reason: "NO_SESSION" };
  // A late event of a chat the customer has since moved on from (a reply after the end
  // opened a new one) must not touch the session of the new chat.
  if (!isCurrentChat(session, item)) return { action: "ignored", reason: "EARLIER_CHAT" };
  if (!agentJoined) return endChat(deps, { item, session });
  // What the chat flow said before streaming began (its greeting) has had no notification of
  // its own; it goes out now, ahead of anything the agent writes.
  await deliverInOrder(deps, { session, chatContactId: item.contactId });
  const moved = await moveSession(deps, { session, to: "agent-connected", reason: "agent-joined" });
  return moved
    ? { action: "session-moved", status: "agent-connected" }
    : { action: "ignored", reason: "SESSION_UNCHANGED" };
}

/** Per wiring (one per process): when each chat last had a typing indicator sent. */
const typingSentAt = new WeakMap<RelayDeps, Map<string, number>>();
const TYPING_INTERVAL_MS = 5_000;
const TYPING_SWEEP_SIZE = 1_000;

/**
 * Shows the agent typing on channels that have an indicator. Typing is ephemeral: no claim,
 * no transcript read, at most one indicator per chat every 5 s (platforms show it for about
 * that long), and a failure is answered, never thrown, so nothing retries it.
 */
async function relayTyping(deps: RelayDeps, item: ChatItem): Promise<RelayOutcome> {
  if (item.participantRole !== "AGENT") return { action: "ignored", reason: "EVENT_IGNORED" };
  if (!takeTypingSlot(deps, item.contactId)) {
    return { action: "ignored", reason: "TYPING_THROTTLED" };
  }
  const session = await sessionOf(deps, item);
  if (!session) return { action: "ignored", reason: "NO_SESSION" };
  if (!isCurrentChat(session, item)) return { action: "ignored", reason: "EARLIER_CHAT" };
  if (session.status !== "chat-started" && session.status !== "agent-connected") {
    return { action: "ignored", reason: "CHAT_NOT_LIVE" };
  }
  const adapter = deps.channels.get(session.channel);
  if (!adapter?.showTyping) return { action: "ignored", reason: "TYPING_UNSUPPORTED" };
  const mode = deliveryMode({
    rules: adapter.rules,
    lastInboundAt: lastInboundAt(session),
    now: deps.clock.now(),
  });
  // Inside the open window only: Meta does not say a sender action may carry the HUMAN_AGENT
  // tag [unverified], and an untagged one after 24 h is refused.
  if (mode !== "free-text") {
    return { action: "ignored", reason: "TYPING_OUTSIDE_WINDOW" };
  }
  try {
    await adapter.showTyping(session.address);
    return { action: "typing-shown" };
  } catch (error) {
    if (error instanceof ChannelRejectedError || error instanceof DependencyFailedError) {
      return { action: "ignored", reason: "TYPING_FAILED" };
    }
    throw error;
  }
}

/** Claims this chat's typing slot unless one was taken within the interval. */
function takeTypingSlot(deps: RelayDeps, chatContactId: string): boolean {
  const now = deps.clock.now().getTime();
  let sentAt = typingSentAt.get(deps);
  if (!sentAt) {
    sentAt = new Map();
    typingSentAt.set(deps, sentAt);
  }
  const last = sentAt.get(chatContactId);
  if (last !== undefined && now - last < TYPING_INTERVAL_MS) return false;
  if (sentAt.size >= TYPING_SWEEP_SIZE) {
    for (const [chat, at] of sentAt) if (now - at >= TYPING_INTERVAL_MS) sentAt.delete(chat);
  }
  sentAt.set(chatContactId, now);
  return true;
}

function isCurrentChat(session: DeflectionSession, item: ChatItem): boolean {
  const current = session.chatContactId;
  return current === undefined || current === item.contactId || current === item.initialContactId;
}

/** The chat's own contact first; a transferred or persistent chat may be linked by its first. */
async function sessionOf(deps: RelayDeps, item: ChatItem): Promise<DeflectionSession | undefined> {
  const direct = await deps.sessions.findByChat(item.contactId);
  if (direct || !item.initialContactId || item.initialContactId === item.contactId) return direct;
  return deps.sessions.findByChat(item.initialContactId);
}
