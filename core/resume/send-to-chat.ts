import { NotFoundError } from "../errors.ts";
import type { ChatConnectionRecord } from "../ports/chat-connection-store.ts";
import type { Redactor } from "../redaction/redactor.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import type { CustomerReply } from "./customer-reply.ts";
import { forwardAttachments } from "./forward-attachments.ts";
import { freshConnection } from "./fresh-connection.ts";
import type { ResumeDeps } from "./resume-deps.ts";
import { splitMessage } from "./split-message.ts";

/**
 * Sends a customer message into the session's live chat: its text, then its attachments.
 * The provider's message id is the ClientToken, so a redelivered webhook cannot put the
 * message in the chat twice.
 */
export async function sendToChat(
  deps: ResumeDeps,
  input: ChatDestination & { reply: CustomerReply },
): Promise<{ chatContactId: string; messageId: string }> {
  const { chatContactId, connectionToken } = await destination(deps, input);
  const { reply } = input;
  // A message of only attachments needs no text: the files (or their names) follow.
  // Redacted whole, before it is split: a card number cut in two would pass unnoticed.
  const text =
    reply.text.trim().length === 0 && reply.media?.length
      ? ""
      : replyContent(reply, deps.customerMessageRedactor);
  let messageId = "";
  for (const [index, part] of splitMessage(text).entries()) {
    const sent = await deps.chats.sendMessage({
      connectionToken,
      content: part,
      contentType: "text/plain",
      // Channels allow longer texts than a chat message (1,024); later parts get a suffix.
      clientToken: partToken(reply.providerMessageId, index),
    });
    messageId ||= sent.id;
  }
  const attached = await forwardAttachments(deps, { connectionToken, reply });
  return { chatContactId, messageId: messageId || (attached[0] ?? "") };
}

/**
 * Only the attachments of a reply, for the reply that opened the chat: its text went in as
 * the chat's InitialMessage, which cannot carry files.
 */
export async function sendAttachmentsToChat(
  deps: ResumeDeps,
  input: ChatDestination & { reply: CustomerReply },
): Promise<void> {
  if (!input.reply.media?.length) return;
  const { connectionToken } = await destination(deps, input);
  await forwardAttachments(deps, { connectionToken, reply: input.reply });
}

/** Where a message goes: the customer's connection to a chat. */
export interface ChatLine {
  readonly chatContactId: string;
  readonly connectionToken: string;
}

/** A line known already, or the session whose live chat's connection is read (and renewed). */
type ChatDestination =
  | { readonly line: ChatLine }
  | { readonly session: DeflectionSession; readonly live?: LiveConnection };

async function destination(deps: ResumeDeps, input: ChatDestination): Promise<ChatLine> {
  if ("line" in input) return input.line;
  const { chatContactId, record } = input.live ?? (await liveConnection(deps, input.session));
  return { chatContactId, connectionToken: record.connectionToken };
}

/** The customer's connection to the session's live chat, renewed when near its expiry. */
export interface LiveConnection {
  readonly chatContactId: string;
  readonly record: ChatConnectionRecord;
}

export async function liveConnection(
  deps: ResumeDeps,
  session: DeflectionSession,
): Promise<LiveConnection> {
  const chatContactId = session.chatContactId;
  const stored = chatContactId ? await deps.connections.getConnection(chatContactId) : undefined;
  if (!chatContactId || !stored) {
    throw new NotFoundError(`no chat connection for session ${session.voiceContactId}`);
  }
  const marginMs = deps.settings.connectionRefreshMarginMs;
  const renewing = { ...deps, ...(marginMs === undefined ? {} : { marginMs }) };
  return { chatContactId, record: await freshConnection(renewing, stored) };
}

/**
 * Text for the chat: the customer's words with what the redactor removes taken out. A
 * message without text names its attachments: the chat's InitialMessage cannot carry
 * them, and they follow it (sendAttachmentsToChat).
 */
export function replyContent(reply: CustomerReply, redactor: Redactor): string {
  const text = reply.text.trim();
  if (text.length > 0) return redactor.redact(reply.text);
  const count = reply.mediaCount;
  return count > 0
    ? `[the customer sent ${count} attachment${count > 1 ? "s" : ""}]`
    : "[empty message]";
}

function partToken(providerMessageId: string, index: number): string {
  return index === 0 ? providerMessageId : `${providerMessageId}#${index + 1}`;
}
