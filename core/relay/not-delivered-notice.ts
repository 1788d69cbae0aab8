import type { ChannelKind } from "../channel.ts";
import { MEGABYTE, mediaType } from "../channel-rules.ts";

/** What the notice may say about the message or file that did not go out, and where to. */
export interface NoticeSubject {
  readonly channel: ChannelKind;
  readonly contentType?: string;
  readonly sizeInBytes?: number;
  /** The channel's limit for a file of this kind. */
  readonly maxBytes?: number;
}

const CHANNEL_NAMES: Readonly<Record<ChannelKind, string>> = {
  sms: "SMS",
  whatsapp: "WhatsApp",
  messenger: "Messenger",
  x: "X",
  telegram: "Telegram",
  line: "LINE",
};

const WORD = "Word";
const EXCEL = "Excel";
const POWERPOINT = "PowerPoint";
/** How agents name the file types Connect chats carry (protocols.md §4, Attachments). */
const FILE_TYPE_NAMES: Readonly<Record<string, string>> = {
  "application/pdf": "PDF",
  "application/msword": WORD,
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": WORD,
  "application/vnd.ms-excel": EXCEL,
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": EXCEL,
  "application/vnd.ms-powerpoint": POWERPOINT,
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": POWERPOINT,
  "text/plain": "text",
  "text/csv": "CSV",
  "audio/wav": "WAV audio",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/gif": "GIF",
  "video/mp4": "MP4 video",
};

/** What the agent reads when a message or file did not reach the customer. */
export function notDeliveredNotice(reason: string, subject: NoticeSubject): string {
  const channel = CHANNEL_NAMES[subject.channel];
  const why: Readonly<Record<string, string>> = {
    OUTSIDE_SERVICE_WINDOW: `the customer has not written on ${channel} for too long, and the channel allows no template here`,
    NO_TEMPLATE: `the customer has not written on ${channel} for 24 hours and no reply template is configured`,
    NO_CHANNEL: `${channel} is not configured on this deployment`,
    UNSUPPORTED_CONTENT: `${channel} cannot carry this kind of message (${subject.contentType ?? "unknown"})`,
    OPTED_OUT: "the customer has opted out of messages",
    TEXT_TOO_LONG: `the message is too long for ${channel}`,
    UNSUPPORTED_FILE_TYPE: `${channel} cannot carry ${fileTypeName(subject.contentType)} files`,
    FILE_TOO_LARGE: `the file is ${megabytes(subject.sizeInBytes)}, and ${channel} takes ${fileTypeName(subject.contentType)} files up to ${megabytes(subject.maxBytes)}`,
    FILE_OUTSIDE_SERVICE_WINDOW: `the customer has not written on ${channel} for 24 hours, and a file cannot go in a reply template`,
    FILE_NOT_APPROVED: "the file had not passed the chat's attachment scan when it was sent",
    FILE_UNAVAILABLE: "the file could no longer be downloaded from the chat",
    MEDIA_REJECTED: `${channel} refused the file`,
    MEDIA_LINK_TOO_LONG: `${channel} cannot take the file's download link (it is too long)`,
  };
  return `Not delivered to the customer: ${why[reason] ?? `${channel} refused it (${reason})`}.`;
}

function fileTypeName(contentType: string | undefined): string {
  if (!contentType) return "these";
  const type = mediaType(contentType);
  return FILE_TYPE_NAMES[type] ?? type;
}

function megabytes(bytes: number | undefined): string {
  if (bytes === undefined) return "an unknown size";
  return `${Number((bytes / MEGABYTE).toFixed(1))} MB`;
}
