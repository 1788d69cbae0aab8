import { ChatCapacityError } from "../errors.ts";
import { retryOnConflict } from "../reliability/conflicts.ts";
import { type DeflectionSession, transition } from "../session/deflection-session.ts";
import { LIVE_CHAT_STATUSES } from "../session/session-status.ts";
import type { CustomerReply } from "./customer-reply.ts";
import { chatOpening, openChat, openingContext } from "./open-chat.ts";
import type { ResumeDeps } from "./resume-deps.ts";
import { publishLiveRoute, type RouteMemo, sendOnLiveRoute } from "./send-on-live-route.ts";
import {
  type LiveConnection,
  liveConnection,
  replyContent,
  sendAttachmentsToChat,
  sendToChat,
} from "./send-to-chat.ts";
import { tellInLine } from "./waiting-line.ts";

export type ResumeOutcome =
  /** The chat was opened (or found opened) with this message as its first. */
  | "CHAT_STARTED"
  /** The message went into the live chat. */
  | "SENT_TO_CHAT"
  /** No deflection points at this customer. */
  | "NO_SESSION"
  /** The deflection is over (failed, expired, opted out, declined); nothing was sent. */
  | "SESSION_CLOSED"
  /** Connect has no room for the chat yet: the message waits in line (drainWaitingLine). */
  | "IN_LINE";

export interface ResumeResult {
  readonly outcome: ResumeOutcome;
  readonly voiceContactId?: string;
  readonly chatContactId?: string;
}

// "ended": the chat is over but the deflection is not; a late reply opens a chat that
// continues the ended one, with its history.
const AWAITING_REPLY = new Set(["message-sent", "delivered", "ended"]);
// A lost race re-reads the session; this bounds the loop should writers keep colliding.
const MAX_ATTEMPTS = 5;

/**
 * Routes a customer's message on a deflection: the first reply opens the Connect chat with
 * the call's context, later ones go into the live chat, and a reply after the chat ended
 * opens a new chat that continues it. Safe to retry and to run
 * concurrently for the same session: one chat, one copy of the context, each message once.
 * A message into a chat already open takes the address's live route, one read; the rest
 * follow the session. `memo` carries routes between the messages of one stream batch.
 * While Connect has no room for the chat, the session's messages wait in line in order;
 * `fromLine` is the drain's, routing them out of it.
 */
export async function resumeChat(
  deps: ResumeDeps,
  reply: CustomerReply,
  options: { memo?: RouteMemo; fromLine?: boolean } = {},
): Promise<ResumeResult> {
  const routed = await sendOnLiveRoute(deps, { reply, memo: options.memo });
  if (routed) return routed;
  const fromLine = options.fromLine ?? false;
  return retryOnConflict(
    async () => {
      const session = await deps.sessions.findByAddress(reply.from);
      if (!session) return { outcome: "NO_SESSION" } as const;
      return step(deps, { session, reply, fromLine });
    },
    { maxAttempts: MAX_ATTEMPTS },
  );
}

interface Step {
  readonly session: DeflectionSession;
  readonly reply: CustomerReply;
  readonly fromLine: boolean;
}

async function step(deps: ResumeDeps, input: Step): Promise<ResumeResult> {
  const { session, reply, fromLine } = input;
  const ids = { voiceContactId: session.voiceContactId };
  // Behind the messages already in line, until the drain has routed them all.
  const line = deps.waitingLine;
  const mayBeInLine = session.status === "replied" || LIVE_CHAT_STATUSES.has(session.status);
  if (line && !fromLine && mayBeInLine && (await line.holds(session.voiceContactId))) {
    await line.park({ voiceContactId: session.voiceContactId, reply });
    return { outcome: "IN_LINE", ...ids };
  }
  if (AWAITING_REPLY.has(session.status)) {
    const replied = transition(session, {
      to: "replied",
      at: deps.clock.now(),
      ...(session.status === "ended" ? { reason: "reply-after-chat-ended" } : {}),
    });
    await deps.sessions.saveTransition(session, replied);
    await deps.funnel.record({
      queueId: session.queueId,
      channel: session.channel,
      stage: "replied",
      at: deps.clock.now(),
    });
    return step(deps, { ...input, session: replied });
  }
  if (session.status === "replied") {
    // The first reply recorded wins, context included: every retry opens the same chat.
    const firstReply = await deps.connections.recordFirstReply(chatOpening(session), {
      providerMessageId: reply.providerMessageId,
      text: replyContent(reply, deps.customerMessageRedactor),
      displayName: reply.profileName ?? deps.settings.defaultDisplayName,
      context: await openingContext(deps, session),
    });
    let started: DeflectionSession;
    try {
      started = await openChat(deps, { session, firstReply });
    } catch (error) {
      // No room for another chat: the customer hears they are in line, and their messages
      // wait there until a drain finds a free slot (without a line, the stream's retry does).
      if (!(error instanceof ChatCapacityError)) throw error;
      await tellInLine(deps, session);
      if (!line) throw error;
      // The drain's own attempt leaves the message where it is, at the head of the line.
      if (fromLine) throw error;
      await line.park({ voiceContactId: session.voiceContactId, reply });
      return { outcome: "IN_LINE", ...ids };
    }
    if (firstReply.providerMessageId === reply.providerMessageId) {
      return opened(deps, { session: started, reply });
    }
    // Another message opened the chat; this one follows it in.
    return send(deps, { session: started, reply });
  }
  if (LIVE_CHAT_STATUSES.has(session.status)) {
    const live = await liveConnection(deps, session);
    // A retried first reply: it is the chat's InitialMessage already, not a new message.
    // Connections stored before they named it are asked the first reply itself.
    const firstId =
      live.record.firstReplyMessageId ??
      (await deps.connections.getFirstReply(chatOpening(session)))?.providerMessageId;
    // The next message need not read the session: the route says where it goes. Not while
    // the line still holds messages, which the route would overtake.
    if (!fromLine) {
      await publishLiveRoute(deps, {
        session,
        live,
        ...(firstId ? { firstReplyMessageId: firstId } : {}),
      });
    }
    if (firstId === reply.providerMessageId) return opened(deps, { ...input, live });
    return send(deps, { ...input, live });
  }
  return { outcome: "SESSION_CLOSED", ...ids };
}

/**
 * The chat is open with this reply as its initial message, which carries text only: its
 * files follow through the attachment API (their client tokens make a retry attach none twice).
 */
async function opened(
  deps: ResumeDeps,
  input: { session: DeflectionSession; reply: CustomerReply; live?: LiveConnection },
): Promise<ResumeResult> {
  await sendAttachmentsToChat(deps, input);
  const { voiceContactId } = input.session;
  return { outcome: "CHAT_STARTED", voiceContactId, ...chatId(input.session) };
}

async function send(
  deps: ResumeDeps,
  input: { session: DeflectionSession; reply: CustomerReply; live?: LiveConnection },
): Promise<ResumeResult> {
  const { chatContactId } = await sendToChat(deps, input);
  return { outcome: "SENT_TO_CHAT", voiceContactId: input.session.voiceContactId, chatContactId };
}

function chatId(session: DeflectionSession): { chatContactId?: string } {
  return session.chatContactId ? { chatContactId: session.chatContactId } : {};
}
