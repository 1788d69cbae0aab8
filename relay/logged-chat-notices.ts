import type { ChatNotices } from "../core/relay/chat-notices.ts";
import type { RelayLogger } from "./relay-logger.ts";

/**
 * ChatNotices for deployments without a way into the chat yet: the notice is logged as a
 * warning with the chat's contact id, so operations see every message the customer missed.
 * The participant-API implementation replaces it once the relay holds a connection token.
 */
export class LoggedChatNotices implements ChatNotices {
  readonly #logger: RelayLogger;

  constructor(logger: RelayLogger) {
    this.#logger = logger;
  }

  async tellAgent(notice: { chatContactId: string; text: string; clientToken: string }) {
    this.#logger.warn("agent notice not posted into the chat", { ...notice });
  }
}
