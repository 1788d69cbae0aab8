import * as z from "zod";
import { s3ErrorXml } from "../chat/chat-attachments.ts";
import type { EmulatorState } from "../emulator-state.ts";
import { ApiError } from "../http/api-error.ts";
import type { RouteRequest, RouteResponse, RouteSpec } from "../http/router.ts";
import { validate } from "../http/validate.ts";

// StartAttachmentUpload's URL lives 5 minutes; GetAttachment's UrlExpiryInSeconds is 5–300,
// 300 when not given (@aws-sdk/client-connectparticipant doc text; protocols.md §4).
const uploadLinkSeconds = 5 * 60;
const defaultDownloadSeconds = 300;

const startSchema = z.object({
  ContentType: z.string().min(1).max(255),
  AttachmentSizeInBytes: z.number().int().min(1),
  AttachmentName: z.string().min(1).max(256),
  ClientToken: z.string().max(500).optional(),
});
const completeSchema = z.object({
  AttachmentIds: z.array(z.string()).min(1).max(1),
  ClientToken: z.string().optional(),
});
const getSchema = z.object({
  AttachmentId: z.string().min(1),
  UrlExpiryInSeconds: z.number().int().min(5).max(300).optional(),
});

/** The Participant Service's attachment calls, and the presigned links they hand out. */
export function attachmentRoutes(state: EmulatorState): RouteSpec[] {
  const { attachments } = state;
  const bearer = (req: RouteRequest) => String(req.headers["x-amz-bearer"] ?? "");
  const route = (path: string, operation: string, handler: RouteSpec["handler"]): RouteSpec => ({
    method: "POST",
    path,
    operation,
    service: "participant",
    handler,
  });
  return [
    route("/participant/start-attachment-upload", "StartAttachmentUpload", (req) => {
      const request = validate("participant", startSchema, req.body);
      const ref = state.chats.byConnectionToken(bearer(req));
      attachments.checkFile({
        contentType: request.ContentType,
        sizeInBytes: request.AttachmentSizeInBytes,
      });
      // The ClientToken makes a retried start answer the same attachment (protocols.md §4).
      const token = request.ClientToken
        ? `${ref.participant.participantId}|${request.ClientToken}`
        : undefined;
      const { ClientToken: _token, ...params } = request;
      const started = state.idempotent(
        { operation: "StartAttachmentUpload", token, params },
        () => {
          const { id } = attachments.create({
            room: ref.room,
            participant: ref.participant,
            name: request.AttachmentName,
            contentType: request.ContentType,
            sizeInBytes: request.AttachmentSizeInBytes,
          });
          return { id };
        },
      );
      const link = attachments.presign(started.id, { method: "PUT", seconds: uploadLinkSeconds });
      const UploadMetadata = {
        Url: link.url,
        UrlExpiry: link.expiresAt,
        HeadersToInclude: { "Content-Type": request.ContentType },
      };
      return { json: { AttachmentId: started.id, UploadMetadata } };
    }),
    route("/participant/complete-attachment-upload", "CompleteAttachmentUpload", (req) => {
      const request = validate("participant", completeSchema, req.body);
      const ref = state.chats.byConnectionToken(bearer(req));
      for (const id of request.AttachmentIds) {
        const attachment = attachments.get(id);
        if (!attachment || attachment.participantId !== ref.participant.participantId) {
          throw new ApiError("ResourceNotFoundException", `Attachment not found: ${id}`, {
            ResourceId: id,
            ResourceType: "ATTACHMENT",
          });
        }
        attachments.complete(attachment, ref.room, ref.participant);
      }
      return { json: {} };
    }),
    route("/participant/attachment", "GetAttachment", (req) => {
      const request = validate("participant", getSchema, req.body);
      const ref = state.chats.byConnectionToken(bearer(req), { allowEnded: true });
      const attachment = attachments.get(request.AttachmentId);
      if (!attachment?.completed || attachment.contactId !== ref.room.contactId) {
        throw new ApiError(
          "ResourceNotFoundException",
          `Attachment not found: ${request.AttachmentId}`,
        );
      }
      const seconds = request.UrlExpiryInSeconds ?? defaultDownloadSeconds;
      const link = attachments.presign(attachment.id, { method: "GET", seconds });
      return {
        json: {
          Url: link.url,
          UrlExpiry: link.expiresAt,
          AttachmentSizeInBytes: attachment.bytes?.length ?? 0,
        },
      };
    }),
    {
      method: "PUT",
      path: "/__emulator/attachments/{AttachmentId}",
      operation: "emulator:PutAttachment",
      service: "participant",
      handler: (req) => {
        const check = attachments.follow(req.params.AttachmentId ?? "", "PUT", req.query);
        if (!check.ok) return s3Refusal(check);
        if (req.rawBody.length > check.attachment.declaredBytes)
          throw new ApiError("ValidationException", "Upload is larger than declared");
        check.attachment.bytes = req.rawBody;
        return { json: {} };
      },
    },
    {
      method: "GET",
      path: "/__emulator/attachments/{AttachmentId}",
      operation: "emulator:GetAttachmentObject",
      service: "participant",
      handler: (req) => {
        const check = attachments.follow(req.params.AttachmentId ?? "", "GET", req.query);
        if (!check.ok) return s3Refusal(check);
        const { bytes, contentType } = check.attachment;
        if (!bytes) return s3Refusal({ status: 404, code: "NoSuchKey", message: "Not found" });
        return {
          raw: bytes,
          headers: { "content-type": contentType, "content-length": String(bytes.length) },
        };
      },
    },
  ];
}

function s3Refusal(check: { status: number; code: string; message: string }): RouteResponse {
  return {
    status: check.status,
    raw: s3ErrorXml(check),
    headers: { "content-type": "application/xml" },
  };
}
