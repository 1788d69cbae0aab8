import * as z from "zod";
import type { EmulatorState } from "../emulator-state.ts";
import { ApiError } from "../http/api-error.ts";
import type { RouteRequest, RouteSpec } from "../http/router.ts";
import { validate } from "../http/validate.ts";

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
const urlLifetimeMs = 5 * 60 * 1000;

interface Attachment {
  readonly id: string;
  readonly contactId: string;
  readonly participantId: string;
  readonly name: string;
  readonly contentType: string;
  readonly declaredBytes: number;
  bytes?: Buffer;
  completed: boolean;
}

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

export function attachmentRoutes(state: EmulatorState): RouteSpec[] {
  const attachments = new Map<string, Attachment>();
  const bearer = (req: RouteRequest) => String(req.headers["x-amz-bearer"] ?? "");
  const objectUrl = (id: string) => `${state.url()}/__emulator/attachments/${id}`;
  const iso = (ms: number) => new Date(ms).toISOString();
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
      if (!allowedTypes.has(request.ContentType)) {
        throw new ApiError(
          "ValidationException",
          `Attachments of type ${request.ContentType} are not allowed`,
        );
      }
      if (request.AttachmentSizeInBytes > maxBytes)
        throw new ApiError("ServiceQuotaExceededException", "Attachment is larger than 20 MB");
      // The ClientToken makes a retried start answer the same attachment (protocols.md §4).
      const token = request.ClientToken
        ? `${ref.participant.participantId}|${request.ClientToken}`
        : undefined;
      const { ClientToken: _token, ...params } = request;
      const started = state.idempotent(
        { operation: "StartAttachmentUpload", token, params },
        () => {
          const count = [...attachments.values()].filter(
            (a) => a.contactId === ref.room.contactId,
          ).length;
          if (count >= maxPerChat)
            throw new ApiError(
              "ServiceQuotaExceededException",
              "A chat can hold at most 35 attachments",
            );
          const id = crypto.randomUUID();
          attachments.set(id, {
            id,
            contactId: ref.room.contactId,
            participantId: ref.participant.participantId,
            name: request.AttachmentName,
            contentType: request.ContentType,
            declaredBytes: request.AttachmentSizeInBytes,
            completed: false,
          });
          return { id };
        },
      );
      const UploadMetadata = {
        Url: objectUrl(started.id),
        UrlExpiry: iso(state.clock.now() + urlLifetimeMs),
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
        if (!attachment.bytes)
          throw new ApiError("ConflictException", `Attachment ${id} has not been uploaded`);
        if (attachment.completed) continue;
        attachment.completed = true;
        ref.room.post(ref.participant, {
          type: "ATTACHMENT",
          contentType: attachment.contentType,
          attachments: [
            {
              ContentType: attachment.contentType,
              AttachmentId: id,
              AttachmentName: attachment.name,
              Status: "APPROVED",
            },
          ],
        });
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
      const expiry = state.clock.now() + (request.UrlExpiryInSeconds ?? 300) * 1000;
      return {
        json: {
          Url: objectUrl(attachment.id),
          UrlExpiry: iso(expiry),
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
        const attachment = attachments.get(req.params.AttachmentId ?? "");
        if (!attachment) throw new ApiError("ResourceNotFoundException", "No such upload");
        if (req.rawBody.length > attachment.declaredBytes)
          throw new ApiError("ValidationException", "Upload is larger than declared");
        attachment.bytes = req.rawBody;
        return { json: {} };
      },
    },
    {
      method: "GET",
      path: "/__emulator/attachments/{AttachmentId}",
      operation: "emulator:GetAttachmentObject",
      service: "participant",
      handler: (req) => {
        const attachment = attachments.get(req.params.AttachmentId ?? "");
        if (!attachment?.bytes) throw new ApiError("ResourceNotFoundException", "No such object");
        return { raw: attachment.bytes, headers: { "content-type": attachment.contentType } };
      },
    },
  ];
}
