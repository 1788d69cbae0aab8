import { NotFoundError } from "../errors.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import { CHAT_EVENT, type ChatItem, isForCustomer } from "./chat-item.ts";
import { deliverInOrder } from "./deliver-in-order.ts";
import { endChat } from "./end-chat.ts";
import { moveSession } from "./move-session.ts";
import type { RelayDeps } from "./relay-deps.ts";
import type { RelayOutcome } from "./relay-outcome.ts";

/**
 * Relays one Connect chat item to the customer's messenger: agent and system messages the
 * customer may see, the agent joining, and the chat ending. Safe to call again with the
 * same item, and in any order: a message goes out only after the ones before it in the chat.
 * Throws for what a retry can fix (NotFoundError while the chat is not linked
 * yet, ConflictError while another worker holds the item, DependencyFailedError).
 */
export async function relayChatItem(deps: RelayDeps, item: ChatItem): Promise<RelayOutcome> {
  if (!isForCustomer(item)) return { action: "ignored", reason: "NOT_FOR_CUSTOMER" };
  if (item.type === "EVENT") return relayEvent(deps, item);
  if (item.type !== "MESSAGE" && item.type !== "ATTACHMENT") {
    return { action: "ignored", reason: "TYPE_IGNORED" };
  }
  const session = await sessionOf(deps, item);
  if (!session) {
    throw new NotFoundError(`no session is linked to chat ${item.contactId} yet`, {
      details: { contactId: item.contactId, itemId: item.id },
    });
  }
  const { outcomes } = await deliverInOrder(deps, {
    session,
    chatContactId: item.contactId,
    upTo: item,
  });
  return outcomes.get(item.id) ?? { action: "duplicate" };
}

async function relayEvent(deps: RelayDeps, item: ChatItem): Promise<RelayOutcome> {
  // No channel the product sends on exposes a typing indicator through its adapter.
  if (item.contentType === CHAT_EVENT.typing) {
    return { action: "ignored", reason: "TYPING_UNSUPPORTED" };
  }
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
