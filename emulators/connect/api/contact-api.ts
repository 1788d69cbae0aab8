import * as z from "zod";
import type { EmulatorState } from "../emulator-state.ts";
import { ApiError } from "../http/api-error.ts";
import { connectRoute, type RouteSpec } from "../http/router.ts";
import { validate } from "../http/validate.ts";
import type { Contact } from "../model/contact.ts";
import { pauseContact } from "../model/contact-pause.ts";
import { attributesSchema } from "./chat-schemas.ts";

const updateAttributesSchema = z.object({
  InitialContactId: z.string().min(1).max(256),
  InstanceId: z.string().min(1),
  Attributes: z.record(z.string(), z.string()),
});

const stopContactSchema = z.object({
  ContactId: z.string().min(1).max(256),
  InstanceId: z.string().min(1),
  DisconnectReason: z.object({ Code: z.string().max(256).optional() }).optional(),
});

const pauseContactSchema = z.object({
  ContactId: z.string().min(1).max(256),
  InstanceId: z.string().min(1).max(100),
  // The flow to run on resume; the emulator does not run one (ResumeContact runs in a flow).
  ContactFlowId: z.string().max(500).optional(),
});

// Voice contacts started these ways cannot be stopped by API (StopContact API reference).
const unstoppableVoice = new Set([
  "DISCONNECT",
  "TRANSFER",
  "QUEUE_TRANSFER",
  "EXTERNAL_OUTBOUND",
  "MONITOR",
]);

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

export function contactRoutes(state: EmulatorState): RouteSpec[] {
  const route = connectRoute;
  return [
    route("POST", "/contact/attributes", "UpdateContactAttributes", ({ body }) => {
      const request = validate("connect", updateAttributesSchema, body);
      const runtime = state.runtime(request.InstanceId);
      const chain = [...runtime.instance.contacts.values()].filter(
        (c) => c.initialContactId === request.InitialContactId || c.id === request.InitialContactId,
      );
      if (chain.length === 0) {
        throw new ApiError(
          "ResourceNotFoundException",
          `Contact not found: ${request.InitialContactId}`,
        );
      }
      for (const contact of chain) {
        const merged = { ...contact.attributes, ...request.Attributes };
        validate("connect", attributesSchema, merged);
        contact.attributes = merged;
        contact.lastUpdateTimestamp = state.clock.now();
      }
      return { json: {} };
    }),
    route(
      "GET",
      "/contact/attributes/{InstanceId}/{InitialContactId}",
      "GetContactAttributes",
      ({ params }) => {
        const { contact } = state.contact(params.InstanceId ?? "", params.InitialContactId ?? "");
        return { json: { Attributes: contact.attributes } };
      },
    ),
    route("GET", "/contacts/{InstanceId}/{ContactId}", "DescribeContact", ({ params }) => {
      const { contact } = state.contact(params.InstanceId ?? "", params.ContactId ?? "");
      return { json: { Contact: describe(contact) } };
    }),
    route("POST", "/contact/stop", "StopContact", ({ body }) => {
      const request = validate("connect", stopContactSchema, body);
      const runtime = state.runtime(request.InstanceId);
      const contact = runtime.instance.contacts.get(request.ContactId);
      if (!contact || contact.state === "ENDED" || contact.state === "AFTER_CONTACT_WORK") {
        throw new ApiError(
          "ContactNotFoundException",
          `Contact is not active: ${request.ContactId}`,
        );
      }
      if (contact.channel === "VOICE" && unstoppableVoice.has(contact.initiationMethod)) {
        throw new ApiError(
          "InvalidRequestException",
          "This voice contact cannot be stopped by API",
        );
      }
      runtime.model.customerEnd(contact.id, request.DisconnectReason?.Code ?? "API");
      return { json: {} };
    }),
    route("POST", "/contact/pause", "PauseContact", ({ body }) => {
      const request = validate("connect", pauseContactSchema, body);
      const { contact } = state.contact(request.InstanceId, request.ContactId);
      // "Allows pausing an ongoing task contact" (PauseContact API reference).
      if (!pauseContact(contact, state.clock.now())) {
        throw new ApiError(
          "ConflictException",
          `Contact ${contact.id} is not a live, unpaused task`,
        );
      }
      return { json: {} };
    }),
    route("GET", "/queues/{InstanceId}/{QueueId}", "DescribeQueue", ({ params }) => {
      const runtime = state.runtime(params.InstanceId ?? "");
      const queue = runtime.instance.findQueue(params.QueueId ?? "");
      if (!queue)
        throw new ApiError("ResourceNotFoundException", `Queue not found: ${params.QueueId}`);
      return {
        json: {
          Queue: {
            Name: queue.name,
            QueueArn: queue.arn,
            QueueId: queue.id,
            Status: "ENABLED",
            ...(queue.hoursOfOperationId ? { HoursOfOperationId: queue.hoursOfOperationId } : {}),
            ...(queue.maxContacts ? { MaxContacts: queue.maxContacts } : {}),
            ...(queue.outboundCallerIdNumber
              ? { OutboundCallerConfig: { OutboundCallerIdNumberId: queue.outboundCallerIdNumber } }
              : {}),
            Tags: {},
          },
        },
      };
    }),
  ];
}

function describe(contact: Contact): Record<string, unknown> {
  return {
    Arn: contact.arn,
    Id: contact.id,
    InitialContactId: contact.initialContactId,
    PreviousContactId: contact.previousContactId,
    RelatedContactId: contact.relatedContactId,
    Channel: contact.channel,
    InitiationMethod: contact.initiationMethod,
    QueueInfo: contact.queueId
      ? { Id: contact.queueId, EnqueueTimestamp: seconds(contact.enqueueTimestamp) }
      : undefined,
    AgentInfo: contact.agentId
      ? {
          Id: contact.agentId,
          ConnectedToAgentTimestamp: seconds(contact.connectedToAgentTimestamp),
        }
      : undefined,
    InitiationTimestamp: seconds(contact.initiationTimestamp),
    DisconnectTimestamp: seconds(contact.disconnectTimestamp),
    LastUpdateTimestamp: seconds(contact.lastUpdateTimestamp),
    CustomerEndpoint: contact.customerEndpoint,
    SystemEndpoint: contact.systemEndpoint,
    SegmentAttributes: contact.segmentAttributes,
    Attributes: contact.attributes,
    DisconnectReason: contact.disconnectReason,
    Tags: contact.tags,
    LastPausedTimestamp: seconds(contact.pause?.lastPausedTimestamp),
    LastResumedTimestamp: seconds(contact.pause?.lastResumedTimestamp),
    TotalPauseCount: contact.pause?.totalPauseCount,
    TotalPauseDurationInSeconds: contact.pause
      ? Math.round(contact.pause.totalPauseDurationMs / 1000)
      : undefined,
    AnsweringMachineDetectionStatus: contact.answeringMachineDetectionStatus,
  };
}
