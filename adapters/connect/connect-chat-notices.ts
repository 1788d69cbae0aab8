import { ChatClosedError, InvalidInputError } from "../../core/errors.ts";
import type { ChatNotices } from "../../core/ports/chat-notices.ts";
import type { ChatService } from "../../core/ports/chat-service.ts";

export interface ConnectChatNoticesOptions {
  /** The customer participant's side of the chat (ConnectParticipantService). */
  readonly chats: Pick<ChatService, "sendMessage">;
  /**
   * A live connection token of the chat's customer participant (the relay's own side of the
   * chat), refreshed when it is near expiry. Throws when the chat has no stored connection.
   */
  readonly connectionToken: (chatContactId: string) => Promise<string>;
  /** Put before every notice so the agent cannot take it for the customer's words. */
  readonly prefix?: string;
}

const DEFAULT_PREFIX = "[Automatic notice, not from the customer] ";

// SendMessage takes at most 1,024 characters of text/plain (protocols.md §4).
const MAX_CONTENT_CHARS = 1024;

/**
 * ChatNotices on the Participant Service: the notice is sent into the chat through the
 * customer participant the product already holds, so the agent reads it in the chat.
 *
 * Not through a CUSTOM_BOT participant (CreateParticipant): Connect adds none while an agent
 * is in the chat, disconnects one when an agent joins, and allows one per chat (admin guide,
 * "Customize chat flow experiences by integrating custom participants"). A notice is needed
 * exactly while the agent is there, so a bot would be refused.
 *
 * The relay reads the notice back as a CUSTOMER item and, like every customer item, does not
 * forward it (isForCustomer); the service window comes from the session, not the transcript.
 */
export class ConnectChatNotices implements ChatNotices {
  readonly #chats: Pick<ChatService, "sendMessage">;
  readonly #connectionToken: (chatContactId: string) => Promise<string>;
  readonly #prefix: string;

  constructor(options: ConnectChatNoticesOptions) {
    this.#chats = options.chats;
    this.#connectionToken = options.connectionToken;
    this.#prefix = options.prefix ?? DEFAULT_PREFIX;
  }

  /**
   * Throws DependencyFailedError for what a retry can fix, and InvalidInputError when Connect
   * refuses the notice for good (AccessDenied: the chat has ended or the customer left).
   */
  async tellAgent(notice: { chatContactId: string; text: string; clientToken: string }) {
    try {
      await this.#chats.sendMessage({
        connectionToken: await this.#connectionToken(notice.chatContactId),
        content: fitted(`${this.#prefix}${notice.text}`),
        contentType: "text/plain",
        // The same token lands the message once (SendMessage API reference, ClientToken).
        clientToken: notice.clientToken,
      });
    } catch (error) {
      // No later chat takes an agent's notice, so an ended chat refuses it for good.
      if (!(error instanceof ChatClosedError)) throw error;
      throw new InvalidInputError("the chat has ended; the notice cannot reach its agent", {
        cause: error,
        details: { chatContactId: notice.chatContactId },
      });
    }
  }
}

function fitted(content: string): string {
  const chars = [...content];
  if (chars.length <= MAX_CONTENT_CHARS) return content;
  return `${chars.slice(0, MAX_CONTENT_CHARS - 1).join("")}…`;
}
