import { contextAttributes } from "../context/context-attributes.ts";
import { DependencyFailedError, InvalidInputError } from "../errors.ts";
import type {
  ChatConnectionRecord,
  ChatOpening,
  FirstReply,
} from "../ports/chat-connection-store.ts";
import type { ChatConnection, StartChatOptions } from "../ports/chat-service.ts";
import { unlessConflict } from "../reliability/conflicts.ts";
import { type DeflectionSession, transition } from "../session/deflection-session.ts";
import { chatAttributes } from "./chat-attributes.ts";
import type { ResumeDeps } from "./resume-deps.ts";

/** Which opening of a chat the session is at: its first chat, or one continuing an ended chat. */
export function chatOpening(session: DeflectionSession): ChatOpening {
  return session.previousChatContactId
    ? {
        voiceContactId: session.voiceContactId,
        previousChatContactId: session.previousChatContactId,
      }
    : { voiceContactId: session.voiceContactId };
}

/**
 * Stable per opening, different for each chat: a retried start gets the same chat back from
 * Connect, and a reopened session gets a new one.
 */
export function startChatToken(opening: ChatOpening): string {
  const base = `deflect-resume-${opening.voiceContactId}`;
  return opening.previousChatContactId ? `${base}-after-${opening.previousChatContactId}` : base;
}

/**
 * The call's context for the agent, read once per chat opening and kept with its first
 * reply (see FirstReply.context). A chat that continues an ended one carries it again: its
 * agent may not be the first chat's. A transcript that cannot be read does not hold the
 * customer back: the context says so, and the chat opens without the caller's words.
 */
export async function openingContext(
  deps: ResumeDeps,
  session: DeflectionSession,
): Promise<Record<string, string>> {
  const { redactor } = deps;
  try {
    const segments = await deps.transcripts.segments(session.voiceContactId);
    return { ...contextAttributes({ session, segments, redactor }) };
  } catch (error) {
    if (!(error instanceof DependencyFailedError)) throw error;
    return {
      ...contextAttributes({ session, segments: [], redactor, transcriptUnavailable: true }),
    };
  }
}

/**
 * Opens the chat for a session in "replied" and moves it to "chat-started". Every step is
 * idempotent (ClientTokens, conditional writes), so a retry after a crash at any point
 * finishes the work without a second chat. The call's context goes in as the chat's contact
 * attributes, which only the agent's side sees (protocols.md §11); nothing of it is sent as
 * a chat message, so it never reaches the customer and never reads as their words.
 * A session reopened by a late reply gets a chat that continues the ended one (persistent
 * chat), with the ended chat's history.
 */
export async function openChat(
  deps: ResumeDeps,
  input: { session: DeflectionSession; firstReply: FirstReply },
): Promise<DeflectionSession> {
  const { session, firstReply } = input;
  const instanceId = session.instanceId || deps.settings.defaultInstanceId;
  if (!instanceId) {
    throw new InvalidInputError(`session ${session.voiceContactId} names no Connect instance`);
  }
  const continues = session.previousChatContactId;
  const started = await deps.chats.startChat({
    instanceId,
    contactFlowId: deps.settings.contactFlowId,
    displayName: firstReply.displayName,
    attributes: chatAttributes({
      session,
      redactor: deps.redactor,
      reason: continues ? "reply-after-chat-ended" : "deflected-call-reply",
      context: firstReply.context ?? (await openingContext(deps, session)),
    }),
    ...chatLink(session),
    initialMessage: firstReply.text,
    clientToken: startChatToken(chatOpening(session)),
  });
  // The pointer first: once the chat exists the relay may receive its items at any time.
  await deps.sessions.linkChat(started.contactId, session.voiceContactId);
  const stored = await deps.connections.getConnection(started.contactId);
  if (!stored) {
    await deps.connections.addConnection(
      connectionRecord({
        session,
        started,
        firstReply,
        connection: await deps.chats.connect({
          participantToken: started.participantToken,
          websocket: false,
        }),
      }),
    );
  }
  // After the connection is stored: the relay reads the chat as this customer.
  if (deps.relay.mode === "websocket") {
    await deps.relay.liveChats.add(started.contactId);
  } else {
    await deps.chats.startStreaming({
      instanceId,
      contactId: started.contactId,
      topicArn: deps.relay.topicArn,
      clientToken: `deflect-stream-${started.contactId}`,
    });
  }
  return markChatStarted(deps, { session, chatContactId: started.contactId });
}

/**
 * The first chat links to the call; a later one continues the ended chat instead, since
 * PersistentChat cannot be combined with RelatedContactId (protocols.md §3.3). The chat's
 * attributes still name the call. Each chat is its own chat session, so the ended chat is
 * the initial contact ENTIRE_PAST_SESSION asks for (admin guide, "Enable persistent chat").
 */
function chatLink(
  session: DeflectionSession,
): Pick<StartChatOptions, "relatedContactId" | "previousChatContactId"> {
  return session.previousChatContactId
    ? { previousChatContactId: session.previousChatContactId }
    : { relatedContactId: session.voiceContactId };
}

function connectionRecord(options: {
  session: DeflectionSession;
  started: { contactId: string; participantId: string; participantToken: string };
  firstReply: FirstReply;
  connection: ChatConnection;
}): ChatConnectionRecord {
  return {
    chatContactId: options.started.contactId,
    firstReplyMessageId: options.firstReply.providerMessageId,
    voiceContactId: options.session.voiceContactId,
    participantId: options.started.participantId,
    participantToken: options.started.participantToken,
    connectionToken: options.connection.connectionToken,
    connectionExpiresAt: options.connection.connectionExpiresAt.toISOString(),
  };
}

async function markChatStarted(
  deps: ResumeDeps,
  options: { session: DeflectionSession; chatContactId: string },
): Promise<DeflectionSession> {
  const { session, chatContactId } = options;
  const next = transition(session, { to: "chat-started", at: deps.clock.now(), chatContactId });
  const stored = await unlessConflict(
    async () => {
      await deps.sessions.saveTransition(session, next);
      return undefined;
    },
    // A concurrent resume finished first; what it stored is the truth.
    async (conflict) => {
      const current = await deps.sessions.getSession(session.voiceContactId);
      if (!current) throw conflict;
      return current;
    },
  );
  if (stored) return stored;
  await deps.funnel.record({
    queueId: session.queueId,
    channel: session.channel,
    stage: "chat-started",
    at: deps.clock.now(),
  });
  return next;
}
