/**
 * Image messages (`{type:"image", originalContentUrl, previewImageUrl}`): each URL HTTPS and
 * at most 2,000 characters; the image JPEG or PNG, up to 10 MB (developers.line.biz/en/
 * reference/messaging-api/#image-message; protocols.md §9). LINE checks the fields when the
 * message is sent; it does not fetch the image then: the user's app downloads it when it shows
 * the message, and a link that fails there shows a broken image, not an API error. The
 * emulator downloads it at once, as the app would, and records what the user saw.
 */
import type { EmulatorKit } from "../shared-http/emulator-kit.ts";
import { fetchLinkedMedia } from "../shared-http/linked-media.ts";
import type { LineErrorDetail } from "./api-errors.ts";

const MAX_URL = 2000;
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const IMAGE_TYPES = ["image/jpeg", "image/png"];
// The message types a bot may send (developers.line.biz/en/reference/messaging-api/#message-objects).
const MESSAGE_TYPES = [
  "text",
  "textV2",
  "sticker",
  "image",
  "video",
  "audio",
  "location",
  "imagemap",
  "template",
  "flex",
];
const URL_FIELDS = ["originalContentUrl", "previewImageUrl"];

/** What the user's app got when it downloaded an image message. */
export interface ShownImage {
  readonly url: string;
  readonly shown: boolean;
  readonly contentType?: string;
  readonly sizeInBytes?: number;
  /** Why the app showed a broken image. */
  readonly problem?: string;
}

/** Problems with a message's type and, for an image, its URL fields. */
export function mediaMessageErrors(
  item: Record<string, unknown>,
  index: number,
): LineErrorDetail[] {
  if (!MESSAGE_TYPES.includes(String(item.type))) {
    return [{ message: "Invalid message type", property: `messages[${index}].type` }]; // [unverified] wording
  }
  if (item.type !== "image") return [];
  return URL_FIELDS.flatMap((field): LineErrorDetail[] => {
    const property = `messages[${index}].${field}`;
    const value = item[field];
    if (typeof value !== "string") return [{ message: "must be specified", property }];
    if (value.length > MAX_URL) {
      return [{ message: `Length must be between 0 and ${MAX_URL}`, property }];
    }
    // HTTPS only; the emulator also takes http on loopback, where local servers have no TLS.
    return isHttpsOrLoopback(value) ? [] : [{ message: "must be HTTPS", property }]; // [unverified] wording
  });
}

/** Downloads the images of accepted messages as the user's app would, recording each outcome. */
export function downloadImages(
  kit: EmulatorKit,
  messages: readonly Record<string, unknown>[],
  shown: ShownImage[],
): void {
  const urls = messages.flatMap((m) => (m.type === "image" ? [String(m.originalContentUrl)] : []));
  if (urls.length === 0) return;
  const download = async () => {
    for (const url of urls) shown.push(await showImage(url));
  };
  kit.webhooks.track(download());
}

async function showImage(url: string): Promise<ShownImage> {
  const fetched = await fetchLinkedMedia(url, { maxBytes: MAX_IMAGE_BYTES });
  if (!fetched.ok) return { url, shown: false, problem: fetched.detail };
  const { contentType, sizeInBytes } = fetched;
  if (!IMAGE_TYPES.includes(contentType)) {
    return { url, shown: false, contentType, sizeInBytes, problem: "not JPEG or PNG" };
  }
  return { url, shown: true, contentType, sizeInBytes };
}

function isHttpsOrLoopback(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || ["127.0.0.1", "localhost"].includes(url.hostname);
  } catch {
    return false;
  }
}
