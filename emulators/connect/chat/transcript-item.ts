export type ParticipantRole = "AGENT" | "CUSTOMER" | "SYSTEM" | "CUSTOM_BOT" | "SUPERVISOR";

export type ItemType =
  | "TYPING"
  | "PARTICIPANT_JOINED"
  | "PARTICIPANT_LEFT"
  | "CHAT_ENDED"
  | "TRANSFER_SUCCEEDED"
  | "TRANSFER_FAILED"
  | "MESSAGE"
  | "EVENT"
  | "ATTACHMENT"
  | "CONNECTION_ACK"
  | "MESSAGE_DELIVERED"
  | "MESSAGE_READ"
  | "MESSAGEMETADATA";

export interface AttachmentItem {
  readonly ContentType: string;
  readonly AttachmentId: string;
  readonly AttachmentName: string;
  readonly Status: "APPROVED" | "REJECTED" | "IN_PROGRESS";
}

/** One transcript item, in the shape GetTranscript, the websocket and streaming all carry. */
export interface Receipt {
  DeliveredTimestamp?: string;
  ReadTimestamp?: string;
  readonly RecipientParticipantId: string;
}

export interface TranscriptItem {
  readonly AbsoluteTime: string;
  readonly Content?: string;
  readonly ContentType: string;
  readonly Id: string;
  readonly Type: ItemType;
  readonly ParticipantId?: string;
  readonly DisplayName?: string;
  readonly ParticipantRole?: ParticipantRole;
  readonly Attachments?: readonly AttachmentItem[];
  readonly InitialContactId: string;
  readonly ContactId: string;
  readonly MessageMetadata?: {
    readonly MessageId: string;
    readonly Receipts?: readonly Receipt[];
  };
}

const eventPrefix = "application/vnd.amazonaws.connect.event.";

export const eventContentTypes = {
  typing: `${eventPrefix}typing`,
  joined: `${eventPrefix}participant.joined`,
  left: `${eventPrefix}participant.left`,
  chatEnded: `${eventPrefix}chat.ended`,
  delivered: `${eventPrefix}message.delivered`,
  read: `${eventPrefix}message.read`,
  acknowledged: `${eventPrefix}connection.acknowledged`,
} as const;

/** Items that live only on the wire and are never written to the transcript. */
export function isEphemeral(item: TranscriptItem): boolean {
  return item.ContentType === eventContentTypes.typing || item.Type === "MESSAGEMETADATA";
}
