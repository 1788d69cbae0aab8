import { DependencyFailedError } from "../errors.ts";
import type { TranscriptEntry } from "../ports/chat-service.ts";
import type { RelayCursor } from "../ports/relay-cursor-store.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import { type ChatItem, isForCustomer } from "./chat-item.ts";
import { customerConnectionToken } from "./customer-connection.ts";
import { deliverAgentMessage } from "./deliver-agent-message.ts";
import type { RelayDeps } from "./relay-deps.ts";
import type { RelayOutcome } from "./relay-outcome.ts";
import { transcriptEntries } from "./transcript-entries.ts";

/** How long a chat item may be missing from the transcript before it is sent on its own. */
const TRANSCRIPT_LAG_MS = 30_000;

/** What one pass over a chat's transcript did: the outcome per agent item it reached. */
export interface InOrderResult {
  readonly outcomes: ReadonlyMap<string, RelayOutcome>;
}

/**
 * Sends the chat's agent messages to the customer in transcript order, up to and including
 * `upTo` (all of them without it). Notifications of chat items can arrive late, twice or out
 * of order (SNS, a retried delivery, a reconnected websocket), so an item is never sent on its
 * own: everything before it in the chat goes first. Each item is claimed before it is sent,
 * so two passes over the same chat send each message once; an item another worker holds
 * stops this pass (ConflictError) rather than overtake it.
 */
export async function deliverInOrder(
  deps: RelayDeps,
  options: { session: DeflectionSession; chatContactId: string; upTo?: ChatItem },
): Promise<InOrderResult> {
  const { session, chatContactId, upTo } = options;
  const start = await deps.cursors.getCursor(chatContactId);
  const outcomes = new Map<string, RelayOutcome>();
  // A redelivery of an item the cursor has passed: its claim answers, no read needed.
  if (upTo && isAgentMessage(upTo) && isBehind(upTo, start)) {
    outcomes.set(upTo.id, await deliverAgentMessage(deps, { item: upTo, session }));
    return { outcomes };
  }
  const connectionToken = await customerConnectionToken(deps, {
    chatContactId,
    ...(upTo?.initialContactId ? { initialContactId: upTo.initialContactId } : {}),
  });
  let handled: RelayCursor | undefined;
  try {
    const entries = transcriptEntries(deps.chats, {
      connectionToken,
      contactId: chatContactId,
      ...(start ? { after: start.itemId } : {}),
    });
    for await (const entry of entries) {
      const item = chatItemOf(entry);
      if (isAgentMessage(item)) {
        outcomes.set(item.id, await deliverAgentMessage(deps, { item, session }));
      }
      handled = { itemId: entry.id, absoluteTime: entry.absoluteTime };
      if (entry.id === upTo?.id) break;
    }
  } finally {
    if (handled) await deps.cursors.advanceCursor(chatContactId, handled);
  }
  if (upTo && !outcomes.has(upTo.id) && isAgentMessage(upTo) && handled?.itemId !== upTo.id) {
    outcomes.set(upTo.id, await deliverMissingItem(deps, { item: upTo, session, start }));
  }
  return { outcomes };
}

/**
 * An item the pass did not meet: one behind the cursor was dealt with (its claim answers). A
 * newer one is not in the transcript yet, and the items before it may be missing too, so a
 * fresh one is asked again later (order holds); one still missing after TRANSCRIPT_LAG_MS is
 * sent on its own, so it is never lost.
 */
async function deliverMissingItem(
  deps: RelayDeps,
  options: { item: ChatItem; session: DeflectionSession; start: RelayCursor | undefined },
): Promise<RelayOutcome> {
  const { item, start } = options;
  const behindCursor = isBehind(item, start);
  const postedAt = item.absoluteTime ? Date.parse(item.absoluteTime) : Number.NaN;
  const age = deps.clock.now().getTime() - postedAt;
  if (!behindCursor && Number.isFinite(age) && age < TRANSCRIPT_LAG_MS) {
    throw new DependencyFailedError(`chat item ${options.item.id} is not in the transcript yet`, {
      details: { itemId: options.item.id, retryable: true },
    });
  }
  return deliverAgentMessage(deps, { item, session: options.session });
}

function isBehind(item: ChatItem, cursor: RelayCursor | undefined): boolean {
  return Boolean(cursor && item.absoluteTime && item.absoluteTime <= cursor.absoluteTime);
}

/** Messages and attachments the customer should get (not events, not the customer's own). */
export function isAgentMessage(item: ChatItem): boolean {
  return isForCustomer(item) && (item.type === "MESSAGE" || item.type === "ATTACHMENT");
}

/** The customer's transcript holds only what the customer may see. */
function chatItemOf(entry: TranscriptEntry): ChatItem {
  return { ...entry, visibility: "ALL" };
}
