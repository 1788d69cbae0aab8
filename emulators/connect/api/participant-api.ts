import * as z from "zod";
import type { ParticipantRef } from "../chat/chat-registry.ts";
import { eventContentTypes } from "../chat/transcript-item.ts";
import { transcriptPage } from "../chat/transcript-page.ts";
import type { EmulatorState } from "../emulator-state.ts";
import { ApiError } from "../http/api-error.ts";
import type { RouteRequest, RouteSpec } from "../http/router.ts";
import { validate } from "../http/validate.ts";

// SendMessage content limits, in characters (protocols.md §4).
const messageLimits: Record<string, number> = {
  "text/plain": 1024,
  "text/markdown": 1024,
  "application/json": 12_000,
  "application/vnd.amazonaws.connect.message.interactive.response": 12_288,
};

const connectionSchema = z.object({
  Type: z
    .array(z.enum(["WEBSOCKET", "CONNECTION_CREDENTIALS", "WEBRTC_CONNECTION"]))
    .min(1)
    .optional(),
  ConnectParticipant: z.boolean().optional(),
});

const messageSchema = z
  .object({
    ContentType: z.string().min(1).max(100),
    Content: z.string().min(1),
    ClientToken: z.string().max(500).optional(),
  })
  .superRefine((value, ctx) => {
    const limit = messageLimits[value.ContentType];
    if (limit === undefined)
      ctx.addIssue({ code: "custom", path: ["ContentType"], message: "unsupported content type" });
    else if (value.Content.length > limit) {
      ctx.addIssue({
        code: "custom",
        path: ["Content"],
        message: `at most ${limit} characters for ${value.ContentType}`,
      });
    }
  });

const eventTypes = [
  eventContentTypes.typing,
  eventContentTypes.delivered,
  eventContentTypes.read,
  eventContentTypes.acknowledged,
] as const;

const eventSchema = z.object({
  ContentType: z.enum(eventTypes),
  Content: z.string().max(1024).optional(),
  ClientToken: z.string().max(500).optional(),
});

const transcriptSchema = z.object({
  ContactId: z.string().min(1).max(256).optional(),
  MaxResults: z.number().int().min(0).max(100).optional(),
  NextToken: z.string().min(1).max(1000).optional(),
  ScanDirection: z.enum(["FORWARD", "BACKWARD"]).optional(),
  SortOrder: z.enum(["ASCENDING", "DESCENDING"]).optional(),
  StartPosition: z
    .object({
      Id: z.string().optional(),
      AbsoluteTime: z.string().optional(),
      MostRecent: z.number().int().min(0).max(100).optional(),
    })
    .optional(),
});

const bearer = (req: RouteRequest) => {
  const value = req.headers["x-amz-bearer"];
  return Array.isArray(value) ? value[0] : value;
};

export function participantRoutes(state: EmulatorState): RouteSpec[] {
  const route = (path: string, operation: string, handler: RouteSpec["handler"]): RouteSpec => ({
    method: "POST",
    path,
    operation,
    service: "participant",
    handler,
  });
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    route("/participant/connection", "CreateParticipantConnection", (req) => {
      const request = validate("participant", connectionSchema, req.body);
      const ref = state.chats.byParticipantToken(bearer(req));
      const types = request.Type ?? [];
      if (types.length === 0 && !request.ConnectParticipant) {
        throw new ApiError(
          "ValidationException",
          "Type is required unless ConnectParticipant is true",
        );
      }
      const connection = state.chats.issueConnection(ref);
      ref.room.join(ref.participant);
      const json: Record<string, unknown> = {};
      if (types.includes("WEBSOCKET")) {
        const socket = state.chats.issueWebsocket(connection.connectionToken);
        json.Websocket = {
          Url: `${state.websocketBase()}?AuthToken=${socket.authToken}`,
          ConnectionExpiry: iso(socket.connectBy),
        };
      }
      if (types.includes("CONNECTION_CREDENTIALS")) {
        json.ConnectionCredentials = {
          ConnectionToken: connection.connectionToken,
          Expiry: iso(connection.expiresAt),
        };
      }
      return { json };
    }),
    route("/participant/message", "SendMessage", (req) => {
      const request = validate("participant", messageSchema, req.body);
      const ref = state.chats.byConnectionToken(bearer(req));
      return {
        json: idempotent(state, ref, "SendMessage", request.ClientToken, () => {
          const item = ref.room.post(ref.participant, {
            type: "MESSAGE",
            contentType: request.ContentType,
            content: request.Content,
          });
          return { Id: item.Id, AbsoluteTime: item.AbsoluteTime };
        }),
      };
    }),
    route("/participant/event", "SendEvent", (req) => {
      const request = validate("participant", eventSchema, req.body);
      const ref = state.chats.byConnectionToken(bearer(req));
      return {
        json: idempotent(state, ref, "SendEvent", request.ClientToken, () =>
          sendEvent(ref, request),
        ),
      };
    }),
    route("/participant/transcript", "GetTranscript", (req) => {
      const request = validate("participant", transcriptSchema, req.body);
      const ref = state.chats.byConnectionToken(bearer(req), { allowEnded: true });
      let items = ref.room.fullTranscript();
      if (request.ContactId) {
        if (
          !items.some((item) => item.ContactId === request.ContactId) &&
          request.ContactId !== ref.room.contactId
        ) {
          throw new ApiError(
            "ResourceNotFoundException",
            `Contact not in this chat: ${request.ContactId}`,
          );
        }
        items = items.filter((item) => item.ContactId === request.ContactId);
      }
      const page = transcriptPage(items, request);
      return {
        json: {
          InitialContactId: ref.room.initialContactId,
          Transcript: page.Transcript.map((item) => ref.room.withReceipts(item)),
          ...(page.NextToken ? { NextToken: page.NextToken } : {}),
        },
      };
    }),
    route("/participant/disconnect", "DisconnectParticipant", (req) => {
      const ref = state.chats.byConnectionToken(bearer(req));
      const found = state.findContact(ref.room.contactId);
      ref.room.leave(ref.participant);
      if (found && ref.participant.role === "CUSTOMER") {
        found.runtime.model.customerEnd(found.contact.id, "CUSTOMER_DISCONNECT");
      } else if (found?.contact.agentId && ref.participant.role === "AGENT") {
        found.runtime.model.agentEnd(found.contact.id, found.contact.agentId);
      }
      return { json: {} };
    }),
  ];
}

function sendEvent(ref: ParticipantRef, request: z.infer<typeof eventSchema>) {
  if (
    request.ContentType === eventContentTypes.delivered ||
    request.ContentType === eventContentTypes.read
  ) {
    const messageId = parseMessageId(request.Content);
    const kind = request.ContentType === eventContentTypes.read ? "read" : "delivered";
    const item = ref.room.receipt(ref.participant, messageId, kind);
    return { Id: item.Id, AbsoluteTime: item.AbsoluteTime };
  }
  const item = ref.room.post(ref.participant, {
    type: "EVENT",
    contentType: request.ContentType,
    ...(request.Content !== undefined ? { content: request.Content } : {}),
  });
  return { Id: item.Id, AbsoluteTime: item.AbsoluteTime };
}

// Receipt events carry {"messageId":"<Id>"} as their Content (SendEvent API reference).
function parseMessageId(content: string | undefined): string {
  try {
    const parsed = JSON.parse(content ?? "");
    if (typeof parsed.messageId === "string") return parsed.messageId;
  } catch {
    // reported below
  }
  throw new ApiError("ValidationException", 'Receipt events need Content {"messageId":"<Id>"}');
}

function idempotent<T>(
  state: EmulatorState,
  ref: ParticipantRef,
  operation: string,
  token: string | undefined,
  create: () => T,
): T {
  const scoped = token ? `${ref.participant.participantId}|${token}` : undefined;
  return state.idempotent({ operation, token: scoped, params: {} }, create);
}
