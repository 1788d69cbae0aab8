import { CHAT_EVENT, type ChatItem } from "../../core/relay/chat-item.ts";
import { customerConnectionToken } from "../../core/relay/customer-connection.ts";
import type { RelayDeps } from "../../core/relay/relay-deps.ts";
import { transcriptEntries } from "../../core/relay/transcript-entries.ts";

/**
 * The chat.ended item of a chat that ended while no socket of ours was open, or undefined
 * when the chat has not ended. Connect refuses a new connection to an ended chat, so the
 * relay looks in the transcript, which the stored connection can still read (protocols.md
 * §4: transcripts of ended chats carry chat.ended). The whole transcript is read, not just
 * past the cursor: a catch-up may have moved the cursor past the event already.
 */
export async function endedWhileAway(
  deps: Pick<RelayDeps, "chats" | "connections" | "clock">,
  chatContactId: string,
): Promise<ChatItem | undefined> {
  const connectionToken = await customerConnectionToken(deps, { chatContactId });
  for await (const entry of transcriptEntries(deps.chats, {
    connectionToken,
    contactId: chatContactId,
  })) {
    if (entry.contentType === CHAT_EVENT.chatEnded) return { ...entry, visibility: "ALL" };
  }
  return undefined;
}
