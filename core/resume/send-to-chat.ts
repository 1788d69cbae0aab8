import { NotFoundError } from "../errors.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import type { ChatConnectionRecord } from "./chat-connection-store.ts";
import type { CustomerReply } from "./customer-reply.ts";
import { forwardAttachments } from "./forward-attachments.ts";
import type { ResumeDeps } from "./resume-deps.ts";
import { splitMessage } from "./split-message.ts";

const DEFAULT_REFRESH_MARGIN_MS = 3600_000;

/**
 * Sends a customer message into the session's live chat: its text, then its attachments.
 * The provider's message id is the ClientToken, so a redelivered webhook cannot put the
 * message in the chat twice.
 */
export async function sendToChat(
  deps: ResumeDeps,
  input: { session: DeflectionSession; reply: CustomerReply },
): Promise<{ chatContactId: string; messageId: string }> {
  const { chatContactId, record } = await liveConnection(deps, input.session);
  const { reply } = input;
  // A message of only attachments needs no text: the files (or their names) follow.
  const text = reply.text.trim().length === 0 && reply.media?.length ? "" : replyContent(reply);
  let messageId = "";
  for (const [index, part] of splitMessage(text).entries()) {
    const sent = await deps.chats.sendMessage({
      connectionToken: record.connectionToken,
      content: part,
      contentType: "text/plain",
      // Channels allow longer texts than a chat message (1,024); later parts get a suffix.
      clientToken: partToken(reply.providerMessageId, index),
    });
    messageId ||= sent.id;
  }
  const attached = await forwardAttachments(deps, {
    connectionToken: record.connectionToken,
    reply,
  });
  return { chatContactId, messageId: messageId || (attached[0] ?? "") };
}

/**
 * Only the attachments of a reply, for the reply that opened the chat: its text went in as
 * the chat's InitialMessage, which cannot carry files.
 */
export async function sendAttachmentsToChat(
  deps: ResumeDeps,
  input: { session: DeflectionSession; reply: CustomerReply },
): Promise<void> {
  if (!input.reply.media?.length) return;
  const { record } = await liveConnection(deps, input.session);
  await forwardAttachments(deps, { connectionToken: record.connectionToken, reply: input.reply });
}

async function liveConnection(
  deps: ResumeDeps,
  session: DeflectionSession,
): Promise<{ chatContactId: string; record: ChatConnectionRecord }> {
  const chatContactId = session.chatContactId;
  const stored = chatContactId ? await deps.connections.getConnection(chatContactId) : undefined;
  if (!chatContactId || !stored) {
    throw new NotFoundError(`no chat connection for session ${session.voiceContactId}`);
  }
  return { chatContactId, record: await freshConnection(deps, stored) };
}

/**
 * Renews a connection token that is near its expiry (it lasts a day, protocols.md §4) from
 * the participant token, which lasts as long as the participant. Renewing ahead of time in
 * the background, for chats nobody writes in, is a follow-up for the relay's websocket mode.
 */
async function freshConnection(
  deps: ResumeDeps,
  record: ChatConnectionRecord,
): Promise<ChatConnectionRecord> {
  const margin = deps.settings.connectionRefreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const expiresAt = Date.parse(record.connectionExpiresAt);
  if (expiresAt - deps.clock.now().getTime() > margin) return record;
  const connection = await deps.chats.connect({
    participantToken: record.participantToken,
    websocket: false,
  });
  const renewed = {
    ...record,
    connectionToken: connection.connectionToken,
    connectionExpiresAt: connection.connectionExpiresAt.toISOString(),
  };
  await deps.connections.saveConnection(renewed);
  return renewed;
}

/**
 * Text for the chat. A message without text names its attachments: the chat's
 * InitialMessage cannot carry them, and they follow it (sendAttachmentsToChat).
 */
export function replyContent(reply: CustomerReply): string {
  const text = reply.text.trim();
  if (text.length > 0) return reply.text;
  const count = reply.mediaCount;
  return count > 0
    ? `[the customer sent ${count} attachment${count > 1 ? "s" : ""}]`
    : "[empty message]";
}

function partToken(providerMessageId: string, index: number): string {
  return index === 0 ? providerMessageId : `${providerMessageId}#${index + 1}`;
}
