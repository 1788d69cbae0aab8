import * as z from "zod";
import type { ChatParticipant, ChatRoom } from "../chat/chat-room.ts";
import type { EmulatorState } from "../emulator-state.ts";
import { ApiError } from "../http/api-error.ts";
import { connectRoute, type RouteSpec } from "../http/router.ts";

/*
 * CreateParticipant, from the API reference (API_CreateParticipant) and the SDK's model
 * (@aws-sdk/client-connect CreateParticipant$: POST /contact/create-participant, 200):
 * request { InstanceId (1-100), ContactId (1-256), ClientToken (≤ 500, filled by the SDK),
 * ParticipantDetails { ParticipantRole, DisplayName (1-256), ParticipantCapabilities } };
 * response { ParticipantCredentials { ParticipantToken, Expiry }, ParticipantId }.
 * Errors listed: Conflict, InternalService, InvalidRequest, ResourceNotFound,
 * ServiceQuotaExceeded, Throttling; no InvalidParameterException, so bad input is
 * InvalidRequestException here. For a chat, CUSTOM_BOT is the only valid role.
 * Admin guide "chat-customize-flow": a custom participant cannot join while an agent (or a
 * Lex bot) is present, is disconnected when an agent joins, and only one may be present.
 * Which error those refusals carry is not documented; ConflictException ("conflict with
 * another operation or contact state") is the closest listed one [unverified].
 */
const createParticipantSchema = z.object({
  InstanceId: z.string().min(1).max(100),
  ContactId: z.string().min(1).max(256),
  ClientToken: z.string().max(500).optional(),
  ParticipantDetails: z.object({
    ParticipantRole: z.enum(["AGENT", "CUSTOMER", "SYSTEM", "CUSTOM_BOT", "SUPERVISOR"]),
    DisplayName: z.string().min(1).max(256),
    ParticipantCapabilities: z
      .object({ Video: z.literal("SEND").optional(), ScreenShare: z.literal("SEND").optional() })
      .optional(),
  }),
});

type CreateParticipantRequest = z.infer<typeof createParticipantSchema>;

export function createParticipantRoutes(state: EmulatorState): RouteSpec[] {
  return [
    connectRoute("POST", "/contact/create-participant", "CreateParticipant", ({ body }) => {
      const request = parse(body);
      const { ClientToken: token, ...params } = request;
      return {
        json: state.idempotent({ operation: "CreateParticipant", token, params }, () =>
          createParticipant(state, request),
        ),
      };
    }),
  ];
}

function parse(body: unknown): CreateParticipantRequest {
  const result = createParticipantSchema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || "request";
  throw new ApiError(
    "InvalidRequestException",
    `Invalid value for ${field}: ${issue?.message ?? "invalid"}`,
  );
}

function createParticipant(state: EmulatorState, request: CreateParticipantRequest) {
  const { contact } = state.contact(request.InstanceId, request.ContactId);
  const room = state.chats.rooms.get(contact.id);
  if (!room || contact.channel !== "CHAT") {
    throw new ApiError("InvalidRequestException", "Only chat contacts take a custom participant");
  }
  if (room.ended) {
    throw new ApiError("ResourceNotFoundException", `No ongoing chat for ${contact.id}`);
  }
  if (request.ParticipantDetails.ParticipantRole !== "CUSTOM_BOT") {
    throw new ApiError(
      "InvalidRequestException",
      "ParticipantRole must be CUSTOM_BOT for a chat contact",
    );
  }
  refuseWhenOccupied(room);
  const bot = room.addParticipant("CUSTOM_BOT", request.ParticipantDetails.DisplayName);
  state.chats.registerParticipant(room, bot);
  return {
    ParticipantCredentials: {
      ParticipantToken: bot.participantToken,
      Expiry: new Date(room.expiresAt ?? state.clock.now()).toISOString(),
    },
    ParticipantId: bot.participantId,
  };
}

function refuseWhenOccupied(room: ChatRoom): void {
  const present = (p: ChatParticipant) => !p.left;
  const others = [...room.participants.values()].filter(present);
  if (others.some((p) => p.role === "AGENT")) {
    throw new ApiError("ConflictException", "A custom participant cannot join while an agent is");
  }
  if (others.some((p) => p.role === "CUSTOM_BOT")) {
    throw new ApiError("ConflictException", "Only one custom participant may be in a chat");
  }
}
