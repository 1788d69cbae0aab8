import {
  type ConnectParticipantClient,
  SendMessageCommand,
} from "@aws-sdk/client-connectparticipant";
import { DependencyFailedError, InvalidInputError } from "../../core/errors.ts";
import type { ChatNotices } from "../../core/relay/chat-notices.ts";

export interface ConnectChatNoticesOptions {
  readonly participant: ConnectParticipantClient;
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

// Errors that retrying the same request cannot fix (protocols.md §4).
const NOT_RETRYABLE = new Set([
  "ValidationException",
  "AccessDeniedException",
  "ConflictException",
]);

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
  readonly #participant: ConnectParticipantClient;
  readonly #connectionToken: (chatContactId: string) => Promise<string>;
  readonly #prefix: string;

  constructor(options: ConnectChatNoticesOptions) {
    this.#participant = options.participant;
    this.#connectionToken = options.connectionToken;
    this.#prefix = options.prefix ?? DEFAULT_PREFIX;
  }

  async tellAgent(notice: { chatContactId: string; text: string; clientToken: string }) {
    const connectionToken = await this.#connectionToken(notice.chatContactId);
    try {
      await this.#participant.send(
        new SendMessageCommand({
          ConnectionToken: connectionToken,
          ContentType: "text/plain",
          Content: fitted(`${this.#prefix}${notice.text}`),
          // The same token lands the message once (SendMessage API reference, ClientToken).
          ClientToken: notice.clientToken,
        }),
      );
    } catch (error) {
      throw mapError(notice.chatContactId, error);
    }
  }
}

function fitted(content: string): string {
  const chars = [...content];
  if (chars.length <= MAX_CONTENT_CHARS) return content;
  return `${chars.slice(0, MAX_CONTENT_CHARS - 1).join("")}…`;
}

function mapError(chatContactId: string, error: unknown): Error {
  const name = (error as { name?: string }).name ?? "Error";
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const details = {
    operation: "SendMessage",
    chatContactId,
    vendorCode: name,
    ...(status ? { httpStatus: status } : {}),
  };
  // AccessDenied: the chat has ended or the customer left, so no notice can reach it.
  if (NOT_RETRYABLE.has(name)) {
    return new InvalidInputError(`Amazon Connect refused the agent notice (${name})`, {
      cause: error,
      details,
    });
  }
  // Throttling, 5xx and network errors: worth a retry later.
  return new DependencyFailedError(`Amazon Connect could not take the agent notice (${name})`, {
    cause: error,
    details: { ...details, retryable: true },
  });
}
