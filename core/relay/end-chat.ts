import { deliveryMode } from "../channel-rules.ts";
import { ChannelRejectedError } from "../errors.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import type { ChatItem } from "./chat-item.ts";
import { claimItem, completeItem } from "./claim-item.ts";
import { lastInboundAt } from "./last-inbound.ts";
import { moveSession } from "./move-session.ts";
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
  const { item, session } = options;
  if ((await claimItem(deps, item.id)) === "done") return { action: "duplicate" };
  const closingSent = await sendClosing(deps, options);
  await moveSession(deps, { session, to: "ended", reason: "chat-ended" });
  await completeItem(deps, item.id, { closingSent: String(closingSent) });
  return { action: "ended", closingSent };
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
