import { ConflictError, InvalidInputError } from "../errors.ts";
import type { ChatConnection } from "../ports/chat-service.ts";
import { type DeflectionSession, transition } from "../session/deflection-session.ts";
import { chatAttributes } from "./chat-attributes.ts";
import type { ChatConnectionRecord, FirstReply } from "./chat-connection-store.ts";
import { contextSummaryParts } from "./context-summary.ts";
import type { ResumeDeps } from "./resume-deps.ts";

/** Stable per session: a retried start gets the same chat back from Connect. */
export function startChatToken(voiceContactId: string): string {
  return `deflect-resume-${voiceContactId}`;
}

/**
 * Opens the chat for a session in "replied" and moves it to "chat-started". Every step is
 * idempotent (ClientTokens, conditional writes), so a retry after a crash at any point
 * finishes the work without a second chat or a second copy of the context.
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
  const segments = await deps.transcripts.segments(session.voiceContactId);
  const parts = contextSummaryParts({ session, segments, redactor: deps.redactor });
  const started = await deps.chats.startChat({
    instanceId,
    contactFlowId: deps.settings.contactFlowId,
    displayName: firstReply.displayName,
    attributes: chatAttributes({
      session,
      redactor: deps.redactor,
      reason: "deflected-call-reply",
    }),
    relatedContactId: session.voiceContactId,
    initialMessage: firstReply.text,
    clientToken: startChatToken(session.voiceContactId),
  });
  // The pointer first: once the chat exists the relay may receive its items at any time.
  await deps.sessions.linkChat(started.contactId, session.voiceContactId);
  const stored = await deps.connections.getConnection(started.contactId);
  const record =
    stored ??
    (await deps.connections.addConnection(
      connectionRecord({
        session,
        started,
        connection: await deps.chats.connect({
          participantToken: started.participantToken,
          websocket: false,
        }),
      }),
    ));
  await deps.chats.startStreaming({
    instanceId,
    contactId: started.contactId,
    topicArn: deps.settings.relayTopicArn,
    clientToken: `deflect-stream-${started.contactId}`,
  });
  if (!record.contextSentAt) await sendContext(deps, { record, parts });
  return markChatStarted(deps, { session, chatContactId: started.contactId });
}

function connectionRecord(options: {
  session: DeflectionSession;
  started: { contactId: string; participantId: string; participantToken: string };
  connection: ChatConnection;
}): ChatConnectionRecord {
  return {
    chatContactId: options.started.contactId,
    voiceContactId: options.session.voiceContactId,
    participantId: options.started.participantId,
    participantToken: options.started.participantToken,
    connectionToken: options.connection.connectionToken,
    connectionExpiresAt: options.connection.connectionExpiresAt.toISOString(),
  };
}

async function sendContext(
  deps: ResumeDeps,
  options: { record: ChatConnectionRecord; parts: readonly string[] },
): Promise<void> {
  const { record } = options;
  let index = 0;
  for (const part of options.parts) {
    index += 1;
    // A part of only whitespace is not worth a message (and may be refused as empty).
    if (part.trim().length === 0) continue;
    await deps.chats.sendMessage({
      connectionToken: record.connectionToken,
      content: part,
      contentType: "text/markdown",
      clientToken: `deflect-context-${record.chatContactId}-${index}`,
    });
  }
  await deps.connections.saveConnection({
    ...record,
    contextSentAt: deps.clock.now().toISOString(),
  });
}

async function markChatStarted(
  deps: ResumeDeps,
  options: { session: DeflectionSession; chatContactId: string },
): Promise<DeflectionSession> {
  const { session, chatContactId } = options;
  const next = transition(session, { to: "chat-started", at: deps.clock.now(), chatContactId });
  try {
    await deps.sessions.saveTransition(session, next);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // A concurrent resume finished first; what it stored is the truth.
    const current = await deps.sessions.getSession(session.voiceContactId);
    if (!current) throw error;
    return current;
  }
  await deps.funnel.record({
    queueId: session.queueId,
    channel: session.channel,
    stage: "chat-started",
    at: deps.clock.now(),
  });
  return next;
}
