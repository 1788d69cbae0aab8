import type { DeflectionSession } from "../session/deflection-session.ts";
import type { ChatItem } from "./chat-item.ts";
import { deliverAgentMessage } from "./deliver-agent-message.ts";
import type { RelayDeps } from "./relay-deps.ts";
import type { RelayOutcome } from "./relay-outcome.ts";

/**
 * Where an agent message stands in its chat's order. "next": it may be sent from the
 * notification's own content, with no transcript read. "transcript": order cannot be vouched
 * for, and the chat's transcript decides it (deliverInOrder).
 */
export type OrderPlace = "next" | "transcript";

/**
 * Finds an item's place in its chat's order (an agent message, or the chat's end), before
 * anything that can fail. It is
 * "next" when the item is fresh, this process was relaying when the chat's cursor was set,
 * and the cursor store accepts it as next (every item announced or held before it has been
 * dealt with). The item is first held until `orderSettleMs` after it was posted, so that a
 * notification of an earlier item still in flight takes its place first. Otherwise the item
 * is held in the cursor store, so no later item overtakes it while it goes the transcript way.
 */
export async function placeInOrder(deps: RelayDeps, item: ChatItem): Promise<OrderPlace> {
  const postedAt = item.absoluteTime ? Date.parse(item.absoluteTime) : Number.NaN;
  if (!item.absoluteTime || !Number.isFinite(postedAt)) return "transcript";
  const { orderSettleMs, notificationFreshMs } = deps.settings;
  const age = deps.clock.now().getTime() - postedAt;
  // A late notification is a redelivery or a backlog: what came before it may be late too.
  // One from far ahead of our clock cannot be timed at all.
  const fresh = Math.abs(age) <= notificationFreshMs;
  if (fresh && age < orderSettleMs) await deps.sleep(Math.min(orderSettleMs, orderSettleMs - age));
  const next = { itemId: item.id, absoluteTime: item.absoluteTime };
  const announced =
    fresh &&
    (await deps.cursors.announceNext(item.contactId, next, {
      notBefore: deps.relayingSince.toISOString(),
    }));
  if (announced) return "next";
  await deps.cursors.holdOrder(item.contactId, item.absoluteTime);
  return "transcript";
}

/**
 * Sends an announced item from its notification, then moves the chat's cursor to it. A send
 * that throws leaves the announcement ahead of the cursor: the redelivery, and any later
 * item, go the transcript way until a pass catches up.
 */
export async function sendAnnounced(
  deps: RelayDeps,
  options: { item: ChatItem; session: DeflectionSession },
): Promise<RelayOutcome> {
  const { item } = options;
  const outcome = await deliverAgentMessage(deps, options);
  await deps.cursors.advanceCursor(item.contactId, {
    itemId: item.id,
    absoluteTime: item.absoluteTime ?? "",
  });
  return outcome;
}
