import { deliveryMode } from "../channel-rules.ts";
import { ChannelRejectedError, InvalidInputError, NotFoundError } from "../errors.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import type { ChatItem } from "./chat-item.ts";
import { relayOnce } from "./claim-item.ts";
import { deliverInOrder } from "./deliver-in-order.ts";
import { lastInboundAt } from "./last-inbound.ts";
import { moveSession } from "./move-session.ts";
import { placeInOrder } from "./place-in-order.ts";
import type { RelayDeps } from "./relay-deps.ts";
import type { RelayOutcome } from "./relay-outcome.ts";

/**
 * The chat ended: the customer gets one closing message and the session ends. The chat
 * mapping stays, so the customer's next message can open a new chat with the history.
 */
export async function endChat(
  deps: RelayDeps,
  options: { item: ChatItem; session: DeflectionSession },
): Promise<RelayOutcome> {
  const done = await relayOnce(deps, {
    itemId: options.item.id,
    work: async () => {
      await sendWhatIsLeft(deps, options);
      // Ended before the closing send: a retry after a failed send then only sends, and a
      // send is the one step here that must not happen twice.
      await moveSession(deps, { session: options.session, to: "ended", reason: "chat-ended" });
      return { closingSent: String(await sendClosing(deps, options)) };
    },
  });
  if (done === "duplicate") return { action: "duplicate" };
  return { action: "ended", closingSent: done.closingSent === "true" };
}

/**
 * The agent's last words go out before the closing message, even when their notifications
 * are still on their way or being retried. When the chat's order is intact up to the end, they
 * all went already and nothing is read; otherwise the transcript is. A chat whose transcript
 * cannot be read any more (no stored connection, a refused token) ends without that catch-up.
 */
async function sendWhatIsLeft(
  deps: RelayDeps,
  options: { item: ChatItem; session: DeflectionSession },
): Promise<void> {
  const { item } = options;
  if (item.absoluteTime && (await placeInOrder(deps, item)) === "next") {
    await deps.cursors.advanceCursor(item.contactId, {
      itemId: item.id,
      absoluteTime: item.absoluteTime,
    });
    return;
  }
  try {
    await deliverInOrder(deps, { session: options.session, chatContactId: options.item.contactId });
  } catch (error) {
    if (!(error instanceof NotFoundError || error instanceof InvalidInputError)) throw error;
  }
}

/**
 * Free text only: a closing line is not worth a paid template, and there is no agent left to
 * tell when the platform refuses it. A passing failure throws, so the delivery is retried.
 */
async function sendClosing(
  deps: RelayDeps,
  options: { item: ChatItem; session: DeflectionSession },
): Promise<boolean> {
  const { item, session } = options;
  const adapter = deps.channels.get(session.channel);
  if (!adapter || session.status === "opted-out") return false;
  const mode = deliveryMode({
    rules: adapter.rules,
    lastInboundAt: lastInboundAt(session),
    now: deps.clock.now(),
  });
  if (mode !== "free-text" && mode !== "human-agent-tag") return false;
  try {
    await adapter.send({
      kind: "text",
      to: session.address,
      text: deps.settings.closingText,
      reference: item.id,
      ...(mode === "human-agent-tag" ? { humanAgent: true } : {}),
    });
    return true;
  } catch (error) {
    if (error instanceof ChannelRejectedError) return false;
    throw error;
  }
}
