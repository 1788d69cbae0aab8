import { createHash } from "node:crypto";
import {
  type ConnectClient,
  StartChatContactCommand,
  type StartChatContactCommandInput,
  StartContactStreamingCommand,
} from "@aws-sdk/client-connect";
import {
  CompleteAttachmentUploadCommand,
  type ConnectionType,
  type ConnectParticipantClient,
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  GetTranscriptCommand,
  type Item,
  SendEventCommand,
  SendMessageCommand,
  StartAttachmentUploadCommand,
} from "@aws-sdk/client-connectparticipant";
import { DependencyFailedError, InvalidInputError } from "../../core/errors.ts";
import type {
  ChatConnection,
  ChatService,
  StartChatOptions,
  StartedChat,
  TranscriptEntry,
  TranscriptPage,
} from "../../core/ports/chat-service.ts";

export interface ConnectChatServiceOptions {
  readonly connect: ConnectClient;
  readonly participant: ConnectParticipantClient;
}

// Errors that retrying the same request cannot fix (protocols.md §3.3 and §4).
const NOT_RETRYABLE = new Set([
  "InvalidParameterException",
  "InvalidRequestException",
  "ValidationException",
  "IdempotencyException",
  "ResourceNotFoundException",
  "AccessDeniedException",
  "ConflictException",
]);

/** ChatService on Amazon Connect's StartChatContact and the Participant Service. */
export class ConnectChatService implements ChatService {
  readonly #connect: ConnectClient;
  readonly #participant: ConnectParticipantClient;

  constructor(options: ConnectChatServiceOptions) {
    this.#connect = options.connect;
    this.#participant = options.participant;
  }

  async startChat(options: StartChatOptions): Promise<StartedChat> {
    const output = await call("StartChatContact", () =>
      this.#connect.send(new StartChatContactCommand(startChatInput(options))),
    );
    const { ContactId, ParticipantId, ParticipantToken } = output;
    if (!ContactId || !ParticipantId || !ParticipantToken) {
      throw new DependencyFailedError("StartChatContact returned no contact or participant");
    }
    return {
      contactId: ContactId,
      participantId: ParticipantId,
      participantToken: ParticipantToken,
    };
  }

  async connect(options: {
    participantToken: string;
    websocket: boolean;
  }): Promise<ChatConnection> {
    const types: ConnectionType[] = options.websocket
      ? ["WEBSOCKET", "CONNECTION_CREDENTIALS"]
      : ["CONNECTION_CREDENTIALS"];
    const output = await call("CreateParticipantConnection", () =>
      this.#participant.send(
        new CreateParticipantConnectionCommand({
          ParticipantToken: options.participantToken,
          Type: types,
          // Marks the customer connected: needed when streaming replaces the websocket (§3.4).
          ConnectParticipant: true,
        }),
      ),
    );
    const credentials = output.ConnectionCredentials;
    if (!credentials?.ConnectionToken || !credentials.Expiry) {
      throw new DependencyFailedError("CreateParticipantConnection returned no credentials");
    }
    const socket = output.Websocket;
    return {
      connectionToken: credentials.ConnectionToken,
      connectionExpiresAt: new Date(credentials.Expiry),
      ...(socket?.Url ? { websocketUrl: socket.Url } : {}),
      ...(socket?.ConnectionExpiry
        ? { websocketExpiresAt: new Date(socket.ConnectionExpiry) }
        : {}),
    };
  }

  async sendMessage(options: {
    connectionToken: string;
    content: string;
    contentType: "text/plain" | "text/markdown";
    clientToken: string;
  }): Promise<{ id: string }> {
    const output = await call("SendMessage", () =>
      this.#participant.send(
        new SendMessageCommand({
          ConnectionToken: options.connectionToken,
          Content: options.content,
          ContentType: options.contentType,
          ClientToken: options.clientToken,
        }),
      ),
    );
    if (!output.Id) throw new DependencyFailedError("SendMessage returned no message id");
    return { id: output.Id };
  }

  async sendEvent(options: { connectionToken: string; contentType: string }): Promise<void> {
    await call("SendEvent", () =>
      this.#participant.send(
        new SendEventCommand({
          ConnectionToken: options.connectionToken,
          ContentType: options.contentType,
        }),
      ),
    );
  }

  async startStreaming(options: {
    instanceId: string;
    contactId: string;
    topicArn: string;
    clientToken: string;
  }): Promise<void> {
    await call("StartContactStreaming", () =>
      this.#connect.send(
        new StartContactStreamingCommand({
          InstanceId: options.instanceId,
          ContactId: options.contactId,
          ChatStreamingConfiguration: { StreamingEndpointArn: options.topicArn },
          ClientToken: options.clientToken,
        }),
      ),
    );
  }

  async getTranscript(options: {
    connectionToken: string;
    contactId: string;
    after?: string;
    nextToken?: string;
  }): Promise<TranscriptPage> {
    const output = await call("GetTranscript", () =>
      this.#participant.send(
        new GetTranscriptCommand({
          ConnectionToken: options.connectionToken,
          ContactId: options.contactId,
          MaxResults: TRANSCRIPT_PAGE_SIZE,
          ScanDirection: "FORWARD",
          SortOrder: "ASCENDING",
          ...(options.nextToken ? { NextToken: options.nextToken } : {}),
          ...(!options.nextToken && options.after ? { StartPosition: { Id: options.after } } : {}),
        }),
      ),
    );
    const items = output.Transcript ?? [];
    // A page started at an item includes that item (protocols.md §4, StartPosition).
    const startedAtAfter = !options.nextToken && options.after && items[0]?.Id === options.after;
    return {
      entries: (startedAtAfter ? items.slice(1) : items).flatMap(transcriptEntry),
      ...(output.NextToken ? { nextToken: output.NextToken } : {}),
    };
  }

  /** StartAttachmentUpload, PUT to the presigned URL, CompleteAttachmentUpload (§4). */
  async sendAttachment(options: {
    connectionToken: string;
    fileName: string;
    contentType: string;
    bytes: Uint8Array;
    clientToken: string;
  }): Promise<{ attachmentId: string }> {
    const token = attachmentToken(options.clientToken);
    const started = await attachmentCall("StartAttachmentUpload", () =>
      this.#participant.send(
        new StartAttachmentUploadCommand({
          ConnectionToken: options.connectionToken,
          ContentType: options.contentType,
          AttachmentSizeInBytes: options.bytes.byteLength,
          AttachmentName: options.fileName,
          ClientToken: token,
        }),
      ),
    );
    const attachmentId = started.AttachmentId;
    const url = started.UploadMetadata?.Url;
    if (!attachmentId || !url) {
      throw new DependencyFailedError("StartAttachmentUpload returned no upload URL");
    }
    await uploadAttachment({
      url,
      headers: started.UploadMetadata?.HeadersToInclude ?? {},
      bytes: options.bytes,
    });
    await attachmentCall("CompleteAttachmentUpload", () =>
      this.#participant.send(
        new CompleteAttachmentUploadCommand({
          ConnectionToken: options.connectionToken,
          AttachmentIds: [attachmentId],
          ClientToken: attachmentToken(`${options.clientToken}#complete`),
        }),
      ),
    );
    return { attachmentId };
  }

  async disconnect(options: { connectionToken: string }): Promise<void> {
    await call("DisconnectParticipant", () =>
      this.#participant.send(
        new DisconnectParticipantCommand({ ConnectionToken: options.connectionToken }),
      ),
    );
  }
}

const TRANSCRIPT_PAGE_SIZE = 100;

/** Items without an id, a type or a time cannot be ordered or claimed; they are skipped. */
function transcriptEntry(item: Item): TranscriptEntry[] {
  if (!item.Id || !item.Type || !item.ContentType || !item.AbsoluteTime || !item.ContactId) {
    return [];
  }
  return [
    {
      id: item.Id,
      type: item.Type,
      contentType: item.ContentType,
      contactId: item.ContactId,
      absoluteTime: item.AbsoluteTime,
      ...(item.Content ? { content: item.Content } : {}),
      ...(item.ParticipantRole ? { participantRole: item.ParticipantRole } : {}),
      ...(item.DisplayName ? { displayName: item.DisplayName } : {}),
    },
  ];
}

function startChatInput(options: StartChatOptions): StartChatContactCommandInput {
  return {
    InstanceId: options.instanceId,
    ContactFlowId: options.contactFlowId,
    ParticipantDetails: { DisplayName: options.displayName },
    Attributes: { ...options.attributes },
    ClientToken: options.clientToken,
    // text/plain is required; markdown carries the call's context message.
    SupportedMessagingContentTypes: ["text/plain", "text/markdown"],
    ...(options.initialMessage
      ? { InitialMessage: { ContentType: "text/plain", Content: options.initialMessage } }
      : {}),
    // PersistentChat cannot be combined with RelatedContactId (protocols.md §3.3): a chat
    // that continues an earlier chat links to it, and through it to the voice contact.
    ...(options.previousChatContactId
      ? {
          PersistentChat: {
            RehydrationType: "ENTIRE_PAST_SESSION",
            SourceContactId: options.previousChatContactId,
          },
        }
      : options.relatedContactId
        ? { RelatedContactId: options.relatedContactId }
        : {}),
  };
}

const UPLOAD_TIMEOUT_MS = 20_000;
const MAX_CLIENT_TOKEN_LENGTH = 500;

/** ClientTokens hold at most 500 characters (§4); a longer one is replaced by its hash. */
function attachmentToken(clientToken: string): string {
  return clientToken.length <= MAX_CLIENT_TOKEN_LENGTH
    ? clientToken
    : createHash("sha256").update(clientToken).digest("hex");
}

/** A full chat (35 files) or a refused type does not change on retry: the caller names the file. */
async function attachmentCall<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if ((error as { name?: string }).name === "ServiceQuotaExceededException") {
      throw new InvalidInputError(`Amazon Connect ${operation} refused the attachment`, {
        cause: error,
        details: { operation, vendorCode: "ServiceQuotaExceededException" },
      });
    }
    throw mapError(operation, error);
  }
}

/** PUT to the presigned URL with exactly the headers Connect asked for (they are signed). */
async function uploadAttachment(options: {
  url: string;
  headers: Record<string, string>;
  bytes: Uint8Array;
}): Promise<void> {
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: "PUT",
      headers: options.headers,
      body: options.bytes,
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    await response.arrayBuffer();
  } catch (cause) {
    throw new DependencyFailedError("the attachment upload did not complete", {
      cause,
      details: { operation: "PutAttachment", retryable: true },
    });
  }
  if (!response.ok) {
    throw new DependencyFailedError(`the attachment upload was refused (${response.status})`, {
      details: { operation: "PutAttachment", httpStatus: response.status, retryable: true },
    });
  }
}

async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw mapError(operation, error);
  }
}

function mapError(operation: string, error: unknown): Error {
  if (error instanceof DependencyFailedError || error instanceof InvalidInputError) return error;
  const name = (error as { name?: string }).name ?? "Error";
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const details = { operation, vendorCode: name, ...(status ? { httpStatus: status } : {}) };
  if (NOT_RETRYABLE.has(name)) {
    return new InvalidInputError(`Amazon Connect ${operation} refused the request (${name})`, {
      cause: error,
      details,
    });
  }
  // Throttling, LimitExceeded (active chats), 5xx and network errors: worth a retry later.
  return new DependencyFailedError(`Amazon Connect ${operation} failed (${name})`, {
    cause: error,
    details: { ...details, retryable: true },
  });
}
