/** A chat started for a customer, with the customer participant's credentials. */
export interface StartedChat {
  readonly contactId: string;
  readonly participantId: string;
  readonly participantToken: string;
}

/** A file posted in a chat (protocols.md §4, Item.Attachments). */
export interface ChatAttachment {
  readonly attachmentId: string;
  readonly fileName: string;
  readonly contentType: string;
  /** APPROVED files can be downloaded; REJECTED ones failed the instance's attachment scan. */
  readonly status: "APPROVED" | "REJECTED" | "IN_PROGRESS";
}

/** A short-lived link to a chat attachment (GetAttachment). */
export interface AttachmentLink {
  readonly url: string;
  readonly expiresAt: Date;
  readonly sizeInBytes: number;
}

/** One item of a chat transcript, as the customer participant may see it. */
export interface TranscriptEntry {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly content?: string;
  readonly participantRole?: "AGENT" | "CUSTOMER" | "SYSTEM" | "CUSTOM_BOT" | "SUPERVISOR";
  readonly displayName?: string;
  readonly contactId: string;
  readonly initialContactId?: string;
  readonly absoluteTime: string;
  /** The files of an ATTACHMENT item. */
  readonly attachments?: readonly ChatAttachment[];
}

export interface TranscriptPage {
  readonly entries: readonly TranscriptEntry[];
  readonly nextToken?: string;
}

/** A live connection of the customer participant. */
export interface ChatConnection {
  readonly connectionToken: string;
  readonly connectionExpiresAt: Date;
  /** Present when a websocket was requested. */
  readonly websocketUrl?: string;
  readonly websocketExpiresAt?: Date;
}

export interface StartChatOptions {
  readonly instanceId: string;
  readonly contactFlowId: string;
  readonly displayName: string;
  /** Flat string attributes the flow and the agent see. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The voice contact this chat continues. */
  readonly relatedContactId?: string;
  /** A previous chat whose transcript this one continues. */
  readonly previousChatContactId?: string;
  readonly initialMessage?: string;
  /** Makes a retried start return the same chat. */
  readonly clientToken: string;
}

/** Amazon Connect chat, seen from the customer's side. */
export interface ChatService {
  startChat(options: StartChatOptions): Promise<StartedChat>;

  /** Opens the customer participant's connection (must happen soon after startChat). */
  connect(options: { participantToken: string; websocket: boolean }): Promise<ChatConnection>;

  /** Sends a customer message into the chat; `clientToken` makes retries safe. Returns its id. */
  sendMessage(options: {
    connectionToken: string;
    content: string;
    contentType: "text/plain" | "text/markdown";
    clientToken: string;
  }): Promise<{ id: string }>;

  /** Sends a typing indicator or similar event. */
  sendEvent(options: { connectionToken: string; contentType: string }): Promise<void>;

  /** Streams the chat's items to a topic the relay subscribes to. */
  startStreaming(options: {
    instanceId: string;
    contactId: string;
    topicArn: string;
    clientToken: string;
  }): Promise<void>;

  /**
   * One page of the chat's transcript as the customer participant sees it, oldest first.
   * `after` starts the page just past that item; `nextToken` continues a page.
   */
  getTranscript(options: {
    connectionToken: string;
    contactId: string;
    after?: string;
    nextToken?: string;
  }): Promise<TranscriptPage>;

  /**
   * Uploads a file from the customer and shows it in the chat. `clientToken` makes a retry
   * return the same attachment. Throws InvalidInputError when the chat refuses this file
   * (its type, its size, or the chat's attachment limit).
   */
  sendAttachment(options: {
    connectionToken: string;
    fileName: string;
    contentType: string;
    bytes: Uint8Array;
    clientToken: string;
  }): Promise<{ attachmentId: string }>;

  /**
   * A short-lived download link for a file in the chat, as the customer participant may fetch
   * it. Throws InvalidInputError when the chat has no such file (any more).
   */
  getAttachmentLink(options: {
    connectionToken: string;
    attachmentId: string;
  }): Promise<AttachmentLink>;

  /** Ends the chat from the customer's side. */
  disconnect(options: { connectionToken: string }): Promise<void>;
}
