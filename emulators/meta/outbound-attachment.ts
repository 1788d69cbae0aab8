/**
 * A Send API attachment given by URL (`message.attachment.payload.url`): Meta fetches the file
 * before it answers. Up to 25 MB; images up to 8 MB from a URL; an audio attachment must be
 * served with an audio Content-Type (developers.facebook.com/documentation/business-messaging/
 * messenger-platform/send-messages/saving-assets; protocols.md §6, §9). A file Meta cannot use is
 * refused with code 100, subcode 2018047 "Upload attachment failure" [unverified: the exact
 * message Graph gives for each case].
 */
import type { EmulatorResponse } from "../shared-http/http-types.ts";
import { fetchLinkedMedia } from "../shared-http/linked-media.ts";
import { graphErrors } from "./api-errors.ts";

const MB = 1024 * 1024;
const MAX_BYTES = 25 * MB;
const MAX_IMAGE_BYTES = 8 * MB;
export const ATTACHMENT_TYPES = ["image", "audio", "video", "file", "template"];

/** What Meta fetched for an attachment the page sent, as the emulator records it. */
export interface SentMedia {
  readonly url: string;
  readonly type: string;
  readonly contentType: string;
  readonly sizeInBytes: number;
}

/** The attachment's file, fetched and checked, or Graph's refusal; none for other messages. */
export async function fetchAttachment(
  message: Readonly<Record<string, unknown>> | undefined,
): Promise<{ media?: SentMedia; refusal?: EmulatorResponse }> {
  const attachment = message?.attachment as
    | { type?: unknown; payload?: { url?: unknown } }
    | undefined;
  if (attachment === undefined) return {};
  const type = String(attachment.type ?? "");
  if (!ATTACHMENT_TYPES.includes(type)) {
    return {
      refusal: graphErrors.param(
        `param message[attachment][type] must be one of {${ATTACHMENT_TYPES.join(", ")}}`,
      ),
    };
  }
  const url = attachment.payload?.url;
  if (type === "template" || typeof url !== "string") return {};
  const fetched = await fetchLinkedMedia(url, {
    maxBytes: type === "image" ? MAX_IMAGE_BYTES : MAX_BYTES,
  });
  if (!fetched.ok) {
    return {
      refusal:
        fetched.failure === "too-large"
          ? graphErrors.attachmentTooLarge()
          : graphErrors.attachmentUnfetchable(),
    };
  }
  const family = fetched.contentType.split("/")[0];
  const fits = type === "file" ? fetched.contentType !== "" : family === type;
  if (!fits) return { refusal: graphErrors.attachmentMismatch() };
  return {
    media: { url, type, contentType: fetched.contentType, sizeInBytes: fetched.sizeInBytes },
  };
}
