import {
  CompleteAttachmentUploadCommand,
  type ConnectionType,
  type ConnectParticipantClient,
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  GetAttachmentCommand,
  GetTranscriptCommand,
  type Item,
  SendEventCommand,
  SendMessageCommand,
  StartAttachmentUploadCommand,
} from "@aws-sdk/client-connectparticipant";
import { DependencyFailedError } from "../../core/errors.ts";
import type {
  AttachmentLink,
  ChatAttachment,
  ChatConnection,
  ChatService,
  TranscriptEntry,
  TranscriptPage,
} from "../../core/ports/chat-service.ts";
import { attachmentCall, attachmentToken, uploadAttachment } from "./connect-attachment-upload.ts";
import { call } from "./connect-errors.ts";

/** The parts of ChatService that act as the customer participant (the Participant Service). */
export type ParticipantSide = Omit<ChatService, "startChat" | "startStreaming">;

/**
 * The customer participant's side of a Connect chat, on the Participant Service alone, so a
 * process that only reads and writes as the customer (the relay) carries no Connect client.
 */
export class ConnectParticipantService implements ParticipantSide {
  readonly #participant: ConnectParticipantClient;

  constructor(options: { participant: ConnectParticipantClient }) {
    this.#participant = options.participant;
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

  /**
   * GetAttachment: a presigned download link. It is asked for with the longest life Connect
   * allows (300 s, protocols.md §4), since a messaging platform fetches it after our call.
   */
  async getAttachmentLink(options: {
    connectionToken: string;
    attachmentId: string;
  }): Promise<AttachmentLink> {
    const output = await call("GetAttachment", () =>
      this.#participant.send(
        new GetAttachmentCommand({
          ConnectionToken: options.connectionToken,
          AttachmentId: options.attachmentId,
          UrlExpiryInSeconds: ATTACHMENT_LINK_SECONDS,
        }),
      ),
    );
    if (!output.Url || !output.UrlExpiry || output.AttachmentSizeInBytes === undefined) {
      throw new DependencyFailedError("GetAttachment returned no link", {
        details: { operation: "GetAttachment", retryable: true },
      });
    }
    return {
      url: output.Url,
      expiresAt: new Date(output.UrlExpiry),
      sizeInBytes: output.AttachmentSizeInBytes,
    };
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
const ATTACHMENT_LINK_SECONDS = 300;

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
      ...(item.Attachments?.length ? { attachments: item.Attachments.flatMap(attachment) } : {}),
    },
  ];
}

/**
 * An item's file, in the port's words; one without an id cannot be fetched and is left out.
 * A file without a Status is taken as approved: Connect only scans where scanning is set up.
 */
function attachment(item: NonNullable<Item["Attachments"]>[number]): ChatAttachment[] {
  if (!item.AttachmentId || !item.ContentType) return [];
  return [
    {
      attachmentId: item.AttachmentId,
      fileName: item.AttachmentName ?? item.AttachmentId,
      contentType: item.ContentType,
      status: item.Status ?? "APPROVED",
    },
  ];
}
