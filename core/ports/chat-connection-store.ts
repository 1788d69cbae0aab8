/** The customer's first reply, fixed once so every retry starts the chat with the same input. */
export interface FirstReply {
  readonly providerMessageId: string;
  readonly text: string;
  readonly displayName: string;
  /**
   * The call's context for the agent, as chat attributes, fixed with the reply: transcript
   * segments may still land between two attempts, and StartChatContact refuses a changed
   * input under the same ClientToken.
   */
  readonly context?: Readonly<Record<string, string>>;
}

/**
 * One opening of a chat on a session: its first chat, or the chat that continues
 * `previousChatContactId` after a late reply. Each opening has its own first reply.
 */
export interface ChatOpening {
  readonly voiceContactId: string;
  readonly previousChatContactId?: string;
}

/** The customer participant of a chat, as resume and the relay need it. */
export interface ChatConnectionRecord {
  readonly chatContactId: string;
  readonly voiceContactId: string;
  readonly participantId: string;
  readonly participantToken: string;
  readonly connectionToken: string;
  readonly connectionExpiresAt: string;
  /** The provider's id of the reply the chat opened with (its InitialMessage). */
  readonly firstReplyMessageId?: string;
}

/**
 * Where resume keeps what it must not lose between retries. Implementations store the
 * participant and connection tokens encrypted at rest.
 */
export interface ChatConnectionStore {
  /**
   * Records `reply` as the opening's first reply unless one is recorded; returns the one that
   * is, so concurrent and retried resumes agree on the chat's initial message.
   */
  recordFirstReply(opening: ChatOpening, reply: FirstReply): Promise<FirstReply>;

  /** The opening's recorded first reply, if any. */
  getFirstReply(opening: ChatOpening): Promise<FirstReply | undefined>;

  /** The stored connection of a chat's customer, or undefined. */
  getConnection(chatContactId: string): Promise<ChatConnectionRecord | undefined>;

  /**
   * Stores the connection unless the chat has one; returns the stored one, so two resumes
   * racing on one chat end up using the same connection.
   */
  addConnection(record: ChatConnectionRecord): Promise<ChatConnectionRecord>;

  /** Replaces the stored connection (a refreshed token). */
  saveConnection(record: ChatConnectionRecord): Promise<void>;
}
