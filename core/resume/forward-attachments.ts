import { InvalidInputError } from "../errors.ts";
import type { MediaFile, MediaSource } from "../ports/media-source.ts";
import type { InboundMedia } from "../ports/messenger-channel.ts";
import type { CustomerReply } from "./customer-reply.ts";
import type { ResumeDeps } from "./resume-deps.ts";

/** The types a Connect chat shows, with their file extension (protocols.md §4). */
const CHAT_FILE_TYPES: Readonly<Record<string, string>> = {
  "text/csv": "csv",
  "application/msword": "doc",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "image/jpeg": "jpg",
  "application/pdf": "pdf",
  "image/png": "png",
  "application/vnd.ms-powerpoint": "ppt",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
  "text/plain": "txt",
  "audio/wav": "wav",
  "application/vnd.ms-excel": "xls",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
};
/** 20 MB per file in a Connect chat (protocols.md §4). */
export const CHAT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
// Other names platforms give the same types.
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  "image/jpg": "image/jpeg",
  "image/pjpeg": "image/jpeg",
  "audio/x-wav": "audio/wav",
  "audio/wave": "audio/wav",
  "audio/vnd.wave": "audio/wav",
};
const GENERIC_TYPES = new Set(["", "application/octet-stream", "binary/octet-stream"]);

type Prepared =
  | { readonly kind: "file"; readonly file: Required<MediaFile> }
  | { readonly kind: "note"; readonly text: string };

/**
 * Puts a reply's attachments in the chat after its text, in order. A file the chat can show
 * is fetched from the channel and uploaded; one it cannot (its type or size, or a fetch that
 * cannot succeed) is named in a message instead. The ClientToken of the i-th attachment is
 * `<providerMessageId>#att<i>`, so a retried reply puts each file in the chat once.
 * Returns the ids of what was sent.
 */
export async function forwardAttachments(
  deps: ResumeDeps,
  input: { connectionToken: string; reply: CustomerReply },
): Promise<string[]> {
  const { connectionToken, reply } = input;
  const source = deps.mediaSources?.[reply.provider];
  const ids: string[] = [];
  for (const [index, media] of (reply.media ?? []).entries()) {
    const clientToken = `${reply.providerMessageId}#att${index}`;
    const prepared = await prepare({ source, media, index });
    let note = prepared.kind === "note" ? prepared.text : undefined;
    if (prepared.kind === "file") {
      try {
        const sent = await deps.chats.sendAttachment({
          connectionToken,
          ...prepared.file,
          clientToken,
        });
        ids.push(sent.attachmentId);
        continue;
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        note = named(prepared.file.contentType, "which the chat refused");
      }
    }
    const sent = await deps.chats.sendMessage({
      connectionToken,
      content: note ?? named(media.contentType, "which could not be fetched"),
      contentType: "text/plain",
      clientToken,
    });
    ids.push(sent.id);
  }
  return ids;
}

/** Fetches one attachment if the chat can take it; else says what to tell the agent. */
async function prepare(options: {
  source: MediaSource | undefined;
  media: InboundMedia;
  index: number;
}): Promise<Prepared> {
  const { source, media, index } = options;
  const declared = normalType(media.contentType);
  // A declared MIME type the chat cannot show is not worth downloading.
  if (declared.includes("/") && !CHAT_FILE_TYPES[declared]) {
    return { kind: "note", text: named(declared, "which the chat cannot show") };
  }
  if (!source) return { kind: "note", text: named(declared, "which could not be fetched") };
  const result = await source.fetch(media, { maxBytes: CHAT_ATTACHMENT_MAX_BYTES });
  if (result.kind === "too-large") {
    const type = normalType(result.contentType ?? declared);
    return { kind: "note", text: named(type, "which is too large for the chat", result.sizeBytes) };
  }
  if (result.kind === "unavailable" || result.file.bytes.byteLength === 0) {
    return { kind: "note", text: named(declared, "which could not be fetched") };
  }
  const served = normalType(result.file.contentType);
  const type = GENERIC_TYPES.has(served) ? declared : served;
  const extension = CHAT_FILE_TYPES[type];
  if (!extension) return { kind: "note", text: named(type, "which the chat cannot show") };
  if (result.file.bytes.byteLength > CHAT_ATTACHMENT_MAX_BYTES) {
    return {
      kind: "note",
      text: named(type, "which is too large for the chat", result.file.bytes.byteLength),
    };
  }
  const fileName = chatFileName({ name: result.file.fileName, extension, index });
  return { kind: "file", file: { bytes: result.file.bytes, contentType: type, fileName } };
}

/** Lower case, without parameters (`; codecs=opus`), with the usual aliases resolved. */
function normalType(contentType: string | undefined): string {
  const bare = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return TYPE_ALIASES[bare] ?? bare;
}

/** The platform's name when it has the right extension, else one made from the position. */
function chatFileName(options: {
  name: string | undefined;
  extension: string;
  index: number;
}): string {
  // Only the last path segment, without control characters, within Connect's 256 characters.
  const base = (options.name ?? "")
    .split(/[/\\]/)
    .pop()
    ?.replace(/[\p{Cc}]/gu, "")
    .trim()
    .slice(0, 200);
  const extensions = options.extension === "jpg" ? ["jpg", "jpeg"] : [options.extension];
  const lower = base?.toLowerCase() ?? "";
  if (base && extensions.some((extension) => lower.endsWith(`.${extension}`))) return base;
  return `${base || `attachment-${options.index + 1}`}.${options.extension}`;
}

/** "[the customer sent a video (video/mp4, 25.3 MB), which …]" */
function named(contentType: string | undefined, why: string, sizeBytes?: number): string {
  const type = normalType(contentType);
  const family = type.split("/")[0] ?? "";
  const what =
    family === "image"
      ? "an image"
      : family === "video"
        ? "a video"
        : family === "audio"
          ? "an audio file"
          : "a file";
  const facts = [
    ...(type.includes("/") ? [type] : []),
    ...(sizeBytes === undefined ? [] : [`${(sizeBytes / (1024 * 1024)).toFixed(1)} MB`]),
  ];
  const detail = facts.length > 0 ? ` (${facts.join(", ")})` : "";
  return `[the customer sent ${what}${detail}, ${why}]`;
}
