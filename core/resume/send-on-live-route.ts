import { addressKey, type CustomerAddress } from "../channel.ts";
import { ChatClosedError, InvalidInputError } from "../errors.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import type { CustomerReply } from "./customer-reply.ts";
import { isNearExpiry } from "./fresh-connection.ts";
import type { LiveRoute } from "./live-routes.ts";
import type { ResumeResult } from "./resume-chat.ts";
import type { ResumeDeps } from "./resume-deps.ts";
import { type LiveConnection, sendToChat } from "./send-to-chat.ts";

/**
 * The routes one stream batch has used, by address: read for all the batch's customers at
 * once (`fill`), and reused by a customer's later messages in the batch. A route that fails,
 * or an address found without one, is forgotten once used, so the next message reads afresh.
 */
export class RouteMemo {
  readonly #routes = new Map<string, LiveRoute | null>();

  /** Reads the routes of these addresses in one request, where the store can. */
  async fill(deps: ResumeDeps, addresses: readonly CustomerAddress[]): Promise<void> {
    if (!deps.routes || addresses.length === 0) return;
    for (const [key, route] of await deps.routes.findEach(addresses)) {
      this.#routes.set(key, route);
    }
  }

  /** The route known for this reply's address; null when known to have none. */
  get(reply: CustomerReply): LiveRoute | null | undefined {
    return this.#routes.get(addressKey(reply.from));
  }

  remember(reply: CustomerReply, route: LiveRoute): void {
    this.#routes.set(addressKey(reply.from), route);
  }

  forget(reply: CustomerReply): void {
    this.#routes.delete(addressKey(reply.from));
  }
}

/**
 * A message into a chat already open, from one read: the address's live route. Returns
 * undefined, having sent nothing that a retry would repeat, when the route cannot take the
 * message: none is published, its connection is due for renewal, the message may be the
 * chat's first reply (already its InitialMessage), or the chat refused it. The session then
 * decides.
 */
export async function sendOnLiveRoute(
  deps: ResumeDeps,
  input: { reply: CustomerReply; memo?: RouteMemo | undefined },
): Promise<ResumeResult | undefined> {
  const { reply, memo } = input;
  if (!deps.routes) return undefined;
  const known = memo?.get(reply);
  const route = known === undefined ? await deps.routes.find(reply.from) : known;
  if (!route || !canCarry(deps, { route, reply })) {
    memo?.forget(reply);
    return undefined;
  }
  try {
    // Each part's ClientToken is the message's own, so the session's way cannot repeat it.
    await sendToChat(deps, { line: route, reply });
  } catch (error) {
    memo?.forget(reply);
    // An ended chat refuses its connection; the session knows what comes next.
    if (error instanceof ChatClosedError || error instanceof InvalidInputError) return undefined;
    throw error;
  }
  memo?.remember(reply, route);
  const { voiceContactId, chatContactId } = route;
  return { outcome: "SENT_TO_CHAT", voiceContactId, chatContactId };
}

/** Publishes the route of a live session's chat, for the next message to find in one read. */
export async function publishLiveRoute(
  deps: ResumeDeps,
  input: { session: DeflectionSession; live: LiveConnection; firstReplyMessageId?: string },
): Promise<void> {
  const { session, live, firstReplyMessageId } = input;
  const { connectionToken, connectionExpiresAt } = live.record;
  await deps.routes?.publish({
    address: session.address,
    sessionVersion: session.version,
    route: {
      voiceContactId: session.voiceContactId,
      chatContactId: live.chatContactId,
      connectionToken,
      connectionExpiresAt,
      ...(firstReplyMessageId ? { firstReplyMessageId } : {}),
    },
  });
}

function canCarry(deps: ResumeDeps, input: { route: LiveRoute; reply: CustomerReply }): boolean {
  const { route, reply } = input;
  // Without the first reply's id, a retried first reply cannot be told from a new message.
  if (!route.firstReplyMessageId || route.firstReplyMessageId === reply.providerMessageId) {
    return false;
  }
  return !isNearExpiry({
    connectionExpiresAt: route.connectionExpiresAt,
    now: deps.clock.now(),
    marginMs: deps.settings.connectionRefreshMarginMs,
  });
}
