import type * as z from "zod";
import type { ChatRoom } from "../chat/chat-room.ts";
import type { EmulatorState } from "../emulator-state.ts";
import { ApiError } from "../http/api-error.ts";
import { connectRoute, type RouteSpec } from "../http/router.ts";
import { validate } from "../http/validate.ts";
import type { InstanceRuntime } from "../model/instance-runtime.ts";
import {
  defaultChatDurationMinutes,
  type StartChatRequest,
  startChatSchema,
  startOutboundChatSchema,
  startStreamingSchema,
  stopStreamingSchema,
} from "./chat-schemas.ts";

export interface ChatLimits {
  /** Concurrent active chats per instance, waiting ones included (100 by default). */
  readonly maxActiveChats: number;
}

export function chatContactRoutes(state: EmulatorState, limits: ChatLimits): RouteSpec[] {
  const route = connectRoute;
  return [
    route("PUT", "/contact/chat", "StartChatContact", ({ body }) => {
      const request = validate("connect", startChatSchema, body);
      const { ClientToken: token, ...params } = request;
      return {
        json: state.idempotent({ operation: "StartChatContact", token, params }, () =>
          startChat(state, limits, request),
        ),
      };
    }),
    route("PUT", "/contact/outbound-chat", "StartOutboundChatContact", ({ body }) => {
      const request = validate("connect", startOutboundChatSchema, body);
      const { ClientToken: token, ...params } = request;
      return {
        json: state.idempotent({ operation: "StartOutboundChatContact", token, params }, () =>
          startOutboundChat(state, limits, request),
        ),
      };
    }),
    route("POST", "/contact/start-streaming", "StartContactStreaming", ({ body }) => {
      const request = validate("connect", startStreamingSchema, body);
      const { runtime, contact } = state.contact(request.InstanceId, request.ContactId);
      const room = state.chats.rooms.get(contact.id);
      if (!room || contact.channel !== "CHAT") {
        throw new ApiError(
          "InvalidRequestException",
          "Streaming is only available for chat contacts",
        );
      }
      if (room.ended) throw new ApiError("InvalidRequestException", "The chat has ended");
      const owner = { accountId: runtime.instance.accountId, instanceId: runtime.instance.id };
      const topicArn = request.ChatStreamingConfiguration.StreamingEndpointArn;
      return { json: { StreamingId: state.streaming.start(room, owner, topicArn) } };
    }),
    route("POST", "/contact/stop-streaming", "StopContactStreaming", ({ body }) => {
      const request = validate("connect", stopStreamingSchema, body);
      state.contact(request.InstanceId, request.ContactId);
      state.streaming.stop(request.ContactId, request.StreamingId);
      return { json: {} };
    }),
  ];
}

function checkCapacity(runtime: InstanceRuntime, state: EmulatorState, limits: ChatLimits): void {
  const active = [...state.chats.rooms.values()].filter(
    (room) => !room.ended && runtime.instance.contacts.has(room.contactId),
  );
  if (active.length >= limits.maxActiveChats) {
    throw new ApiError("LimitExceededException", "The instance has too many active chats");
  }
}

function requireFlow(runtime: InstanceRuntime, flowId: string) {
  const flow = runtime.instance.findFlow(flowId);
  if (!flow) throw new ApiError("ResourceNotFoundException", `Contact flow not found: ${flowId}`);
  return flow;
}

function relatedAttributes(runtime: InstanceRuntime, relatedContactId: string | undefined) {
  if (!relatedContactId) return {};
  const related = runtime.instance.contacts.get(relatedContactId);
  if (!related)
    throw new ApiError("ResourceNotFoundException", `Contact not found: ${relatedContactId}`);
  // Linking with RelatedContactId copies the related contact's attributes (API reference).
  return related.attributes;
}

function persistentSource(state: EmulatorState, request: StartChatRequest): ChatRoom | undefined {
  const persistent = request.PersistentChat;
  if (!persistent) return undefined;
  if (request.RelatedContactId) {
    throw new ApiError(
      "InvalidRequestException",
      "PersistentChat cannot be combined with RelatedContactId",
    );
  }
  if (!persistent.SourceContactId || !persistent.RehydrationType) {
    throw new ApiError(
      "InvalidParameterException",
      "PersistentChat needs RehydrationType and SourceContactId",
    );
  }
  const source = state.chats.rooms.get(persistent.SourceContactId);
  if (!source)
    throw new ApiError(
      "ResourceNotFoundException",
      `Contact not found: ${persistent.SourceContactId}`,
    );
  if (!source.ended)
    throw new ApiError("InvalidRequestException", "The source chat has not ended yet");
  return source;
}

/**
 * For a persistent chat, RelatedContactId shows the chat it was rehydrated from (admin guide,
 * "Enable persistent chat"); the two cannot both be given in the request.
 */
function relatedContact(relatedContactId: string | undefined, previous: ChatRoom | undefined) {
  const id = previous?.contactId ?? relatedContactId;
  return id ? { relatedContactId: id } : {};
}

function startChat(state: EmulatorState, limits: ChatLimits, request: StartChatRequest) {
  const runtime = state.runtime(request.InstanceId);
  requireFlow(runtime, request.ContactFlowId);
  const previous = persistentSource(state, request);
  checkCapacity(runtime, state, limits);
  const contact = runtime.createContact({
    channel: "CHAT",
    initiationMethod: "API",
    contactFlowId: request.ContactFlowId,
    attributes: { ...relatedAttributes(runtime, request.RelatedContactId), ...request.Attributes },
    ...(request.SegmentAttributes ? { segmentAttributes: request.SegmentAttributes } : {}),
    ...relatedContact(request.RelatedContactId, previous),
  });
  const { customer } = state.chatService.start(contact, {
    displayName: request.ParticipantDetails.DisplayName,
    durationMinutes: request.ChatDurationInMinutes ?? defaultChatDurationMinutes,
    ...(request.InitialMessage ? { initialMessage: request.InitialMessage } : {}),
    ...(previous ? { previous } : {}),
    onExpire: (reason) => runtime.model.customerEnd(contact.id, reason),
  });
  runtime.runFlow(contact);
  return {
    ContactId: contact.id,
    ParticipantId: customer.participantId,
    ParticipantToken: customer.participantToken,
    ...(previous ? { ContinuedFromContactId: previous.contactId } : {}),
  };
}

function startOutboundChat(
  state: EmulatorState,
  limits: ChatLimits,
  request: z.infer<typeof startOutboundChatSchema>,
) {
  const runtime = state.runtime(request.InstanceId);
  requireFlow(runtime, request.ContactFlowId);
  checkCapacity(runtime, state, limits);
  const contact = runtime.createContact({
    channel: "CHAT",
    initiationMethod: "OUTBOUND",
    contactFlowId: request.ContactFlowId,
    attributes: { ...relatedAttributes(runtime, request.RelatedContactId), ...request.Attributes },
    segmentAttributes: request.SegmentAttributes as Record<string, unknown>,
    customerEndpoint: request.DestinationEndpoint,
    systemEndpoint: request.SourceEndpoint,
    ...(request.RelatedContactId ? { relatedContactId: request.RelatedContactId } : {}),
  });
  const { room, customer } = state.chatService.start(contact, {
    displayName: request.ParticipantDetails?.DisplayName ?? request.DestinationEndpoint.Address,
    durationMinutes: request.ChatDurationInMinutes ?? defaultChatDurationMinutes,
    onExpire: (reason) => runtime.model.customerEnd(contact.id, reason),
  });
  // The customer is reached over SMS or WhatsApp, so they count as connected at once.
  room.join(customer);
  if (request.InitialSystemMessage) {
    room.post(undefined, {
      type: "MESSAGE",
      contentType: request.InitialSystemMessage.ContentType,
      content: request.InitialSystemMessage.Content,
    });
  }
  runtime.runFlow(contact);
  return { ContactId: contact.id };
}
