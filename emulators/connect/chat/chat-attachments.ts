import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock } from "../../shared-http/clock.ts";
import { ApiError } from "../http/api-error.ts";
import type { ChatParticipant, ChatRoom } from "./chat-room.ts";
import type { AttachmentItem, TranscriptItem } from "./transcript-item.ts";

// Chat attachment rules (archived admin guide, feature-limits): 20 MB each, 35 per chat.
const maxBytes = 20 * 1024 * 1024;
const maxPerChat = 35;
const allowedTypes = new Set([
  "text/csv",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "image/jpeg",
  "application/pdf",
  "image/png",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "text/plain",
  "audio/wav",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
]);

export interface StoredAttachment {
  readonly id: string;
  readonly contactId: string;
  readonly participantId: string;
  readonly name: string;
  readonly contentType: string;
  readonly declaredBytes: number;
  bytes?: Buffer;
  completed: boolean;
}

/** A presigned link's answer: the attachment, or the S3-style refusal to send back. */
export type LinkCheck =
  | { readonly ok: true; readonly attachment: StoredAttachment }
  | {
      readonly ok: false;
      readonly status: number;
      readonly code: string;
      readonly message: string;
    };

/**
 * The files of every chat, and the presigned S3-style links they are uploaded to and
 * downloaded from (StartAttachmentUpload's UploadMetadata.Url, GetAttachment's Url). A link
 * carries its date, lifetime and an HMAC, as a SigV4 query string does, and stops working when
 * its lifetime ends, on the emulator's clock.
 */
export class ChatAttachments {
  private readonly attachments = new Map<string, StoredAttachment>();
  private readonly signingKey = randomBytes(32);

  constructor(
    private readonly clock: Clock,
    private readonly baseUrl: () => string,
  ) {}

  /** Checks a file against Connect's rules before its upload starts. */
  checkFile(file: { contentType: string; sizeInBytes: number }): void {
    if (!allowedTypes.has(file.contentType)) {
      throw new ApiError(
        "ValidationException",
        `Attachments of type ${file.contentType} are not allowed`,
      );
    }
    if (file.sizeInBytes > maxBytes) {
      throw new ApiError("ServiceQuotaExceededException", "Attachment is larger than 20 MB");
    }
  }

  /** A new upload slot in the chat, for a file its participant declared. */
  create(options: {
    room: ChatRoom;
    participant: ChatParticipant;
    name: string;
    contentType: string;
    sizeInBytes: number;
  }): StoredAttachment {
    const count = [...this.attachments.values()].filter(
      (a) => a.contactId === options.room.contactId,
    ).length;
    if (count >= maxPerChat) {
      throw new ApiError("ServiceQuotaExceededException", "A chat can hold at most 35 attachments");
    }
    const attachment: StoredAttachment = {
      id: crypto.randomUUID(),
      contactId: options.room.contactId,
      participantId: options.participant.participantId,
      name: options.name,
      contentType: options.contentType,
      declaredBytes: options.sizeInBytes,
      completed: false,
    };
    this.attachments.set(attachment.id, attachment);
    return attachment;
  }

  get(id: string): StoredAttachment | undefined {
    return this.attachments.get(id);
  }

  /**
   * Marks an uploaded file complete and shows it in the chat as an ATTACHMENT item (answered;
   * undefined when it was complete already).
   */
  complete(
    attachment: StoredAttachment,
    room: ChatRoom,
    participant: ChatParticipant,
  ): TranscriptItem | undefined {
    if (!attachment.bytes) {
      throw new ApiError("ConflictException", `Attachment ${attachment.id} has not been uploaded`);
    }
    if (attachment.completed) return undefined;
    attachment.completed = true;
    const item: AttachmentItem = {
      ContentType: attachment.contentType,
      AttachmentId: attachment.id,
      AttachmentName: attachment.name,
      Status: "APPROVED",
    };
    return room.post(participant, {
      type: "ATTACHMENT",
      contentType: attachment.contentType,
      attachments: [item],
    });
  }

  /** A presigned link for one method, valid for `seconds` from now. */
  presign(id: string, options: { method: "GET" | "PUT"; seconds: number }) {
    const date = compactIso(this.clock.now());
    const expires = String(options.seconds);
    const query = new URLSearchParams({
      "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
      "X-Amz-Date": date,
      "X-Amz-Expires": expires,
      "X-Amz-Signature": this.sign(options.method, id, date, expires),
    });
    return {
      url: `${this.baseUrl()}/__emulator/attachments/${id}?${query}`,
      expiresAt: new Date(this.clock.now() + options.seconds * 1000).toISOString(),
    };
  }

  /** Whether a request to a link may proceed: signed for this method, and not expired. */
  follow(id: string, method: "GET" | "PUT", query: URLSearchParams): LinkCheck {
    const date = query.get("X-Amz-Date") ?? "";
    const expires = query.get("X-Amz-Expires") ?? "";
    const given = Buffer.from(query.get("X-Amz-Signature") ?? "", "hex");
    const wanted = Buffer.from(this.sign(method, id, date, expires), "hex");
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      return refusal("SignatureDoesNotMatch", "The request signature we calculated does not match");
    }
    const expiresAt = parseCompactIso(date) + Number(expires) * 1000;
    if (this.clock.now() > expiresAt) return refusal("AccessDenied", "Request has expired");
    const attachment = this.attachments.get(id);
    if (!attachment) return { ok: false, status: 404, code: "NoSuchKey", message: "Not found" };
    return { ok: true, attachment };
  }

  private sign(method: string, id: string, date: string, expires: string): string {
    return createHmac("sha256", this.signingKey)
      .update(`${method}\n${id}\n${date}\n${expires}`)
      .digest("hex");
  }
}

function refusal(code: string, message: string): LinkCheck {
  return { ok: false, status: 403, code, message };
}

/** SigV4's X-Amz-Date form: 20260610T100000Z. */
function compactIso(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function parseCompactIso(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : Number.NaN;
}

/** S3's XML error body, as a presigned link answers a refused request. */
export function s3ErrorXml(check: { code: string; message: string }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${check.code}</Code><Message>${check.message}</Message></Error>`;
}
