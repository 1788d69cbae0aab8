/**
 * What Twilio does with an outbound message's MediaUrl once the API has answered: it GETs each
 * file, checks its Content-Type against what the channel accepts and the size against the
 * channel's limit, and otherwise fails the message, reported in the status callback
 * (twilio.com/docs/messaging/guides/accepted-mime-types,
 * /docs/whatsapp/guidance-whatsapp-media-messages; protocols.md §5.4 and §9).
 */
import { fetchLinkedMedia } from "../shared-http/linked-media.ts";
import { isWhatsApp, type TwilioMessage } from "./message-store.ts";

const MB = 1024 * 1024;

/** A file Twilio fetched for an outbound message, as the emulator records it. */
export interface FetchedMedia {
  readonly url: string;
  readonly contentType: string;
  readonly sizeInBytes: number;
}

export interface MediaFailure {
  readonly errorCode: number;
  readonly errorMessage: string;
}

// MMS: "accepted" types, passed on as they are; JPEG, GIF and PNG are also formatted.
const MMS_TYPES = new Set([
  "image/jpeg",
  "image/jpg",
  "image/gif",
  "image/png",
  "image/bmp",
  "image/tiff",
  "audio/basic",
  "audio/mp4",
  "audio/mpeg",
  "audio/ogg",
  "audio/vnd.wave",
  "audio/3gpp",
  "audio/amr",
  "video/mpeg",
  "video/mp4",
  "video/quicktime",
  "video/3gpp",
  "text/vcard",
  "text/x-vcard",
  "text/csv",
  "text/rtf",
  "text/richtext",
  "text/calendar",
  "text/directory",
  "application/pdf",
  "application/vcard",
  "application/vnd.apple.pkpass",
  "application/msword",
  "application/vnd.ms-excel",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
]);
const MMS_MAX_BYTES = 5 * MB;

// WhatsApp: images (JPEG, PNG) up to 5 MB; audio, video and PDF up to 16 MB.
const WHATSAPP_LIMITS: Readonly<Record<string, number>> = {
  "image/jpeg": 5 * MB,
  "image/jpg": 5 * MB,
  "image/png": 5 * MB,
  "audio/ogg": 16 * MB,
  "audio/amr": 16 * MB,
  "audio/3gpp": 16 * MB,
  "audio/aac": 16 * MB,
  "audio/mpeg": 16 * MB,
  "video/mp4": 16 * MB,
  "application/pdf": 16 * MB,
};
const WHATSAPP_MAX_BYTES = 16 * MB;

/**
 * Fetches every MediaUrl of the message and records what came back on it; answers the
 * failure Twilio reports, or undefined when every file may go. SMS (MMS): 11200 when a file
 * cannot be fetched, 12300 for a Content-Type Twilio does not accept, 30019 over 5 MB in all
 * [unverified: the code of the size refusal]. WhatsApp: 63019 and 63021.
 */
export async function fetchOutboundMedia(
  message: TwilioMessage,
): Promise<MediaFailure | undefined> {
  const whatsApp = isWhatsApp(message.to);
  const maxTotal = whatsApp ? WHATSAPP_MAX_BYTES : MMS_MAX_BYTES;
  let total = 0;
  for (const url of message.mediaUrls) {
    const fetched = await fetchLinkedMedia(url, { maxBytes: maxTotal });
    if (!fetched.ok && fetched.failure === "too-large") return tooLarge(whatsApp);
    if (!fetched.ok) return unfetchable(whatsApp);
    total += fetched.sizeInBytes;
    const limit = whatsApp ? WHATSAPP_LIMITS[fetched.contentType] : MMS_MAX_BYTES;
    const accepted = whatsApp ? limit !== undefined : MMS_TYPES.has(fetched.contentType);
    if (!accepted) return unsupported(whatsApp);
    if (fetched.sizeInBytes > (limit ?? 0) || total > maxTotal) return tooLarge(whatsApp);
    message.media.push({
      url,
      contentType: fetched.contentType,
      sizeInBytes: fetched.sizeInBytes,
    });
  }
  return undefined;
}

function unfetchable(whatsApp: boolean): MediaFailure {
  return whatsApp
    ? { errorCode: 63019, errorMessage: "Media failed to download" }
    : { errorCode: 11200, errorMessage: "HTTP retrieval failure" };
}

function unsupported(whatsApp: boolean): MediaFailure {
  return whatsApp
    ? { errorCode: 63021, errorMessage: "Channel invalid content error" }
    : { errorCode: 12300, errorMessage: "Invalid Content-Type" };
}

function tooLarge(whatsApp: boolean): MediaFailure {
  return whatsApp
    ? { errorCode: 63021, errorMessage: "Channel invalid content error" }
    : { errorCode: 30019, errorMessage: "Content size exceeds carrier limit" };
}
