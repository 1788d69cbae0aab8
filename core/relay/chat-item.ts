import type { ChatAttachment } from "../ports/chat-service.ts";

/** Who posted a chat item, in Connect's words (protocols.md §4, Item.ParticipantRole). */
export type ParticipantRole = "AGENT" | "CUSTOMER" | "SYSTEM" | "CUSTOM_BOT" | "SUPERVISOR";

/** Who may see an item (the MessageVisibility attribute of a streamed item, §3.4). */
export type MessageVisibility = "AGENT" | "CUSTOMER" | "ALL";

/** One item of a Connect chat as the relay receives it, whatever the transport. */
export interface ChatItem {
  readonly id: string;
  /** MESSAGE, EVENT or ATTACHMENT; other types are passed through and ignored. */
  readonly type: string;
  readonly contentType: string;
  readonly content?: string;
  /** Absent on some events (chat.ended carries no participant). */
  readonly participantRole?: ParticipantRole;
  readonly displayName?: string;
  readonly contactId: string;
  readonly initialContactId?: string;
  readonly absoluteTime?: string;
  readonly visibility: MessageVisibility;
  /** The files of an ATTACHMENT item (its `Attachments`, protocols.md §4). */
  readonly attachments?: readonly ChatAttachment[];
}

/** Event content types the relay acts on (protocols.md §3.4). */
export const CHAT_EVENT = {
  typing: "application/vnd.amazonaws.connect.event.typing",
  participantJoined: "application/vnd.amazonaws.connect.event.participant.joined",
  chatEnded: "application/vnd.amazonaws.connect.event.chat.ended",
} as const;

/** Text content types that can travel as plain text on every channel. */
export const TEXT_CONTENT_TYPES: ReadonlySet<string> = new Set(["text/plain", "text/markdown"]);

/**
 * The relay rule of protocols.md §3.4: the customer sees what is visible to CUSTOMER or ALL
 * and was not posted by the customer (those are echoes of what they sent us). CUSTOM_BOT
 * items are the product's own notices to the agent (ChatNotices), never the customer's.
 */
export function isForCustomer(item: ChatItem): boolean {
  return (
    item.visibility !== "AGENT" &&
    item.participantRole !== "CUSTOMER" &&
    item.participantRole !== "CUSTOM_BOT"
  );
}
