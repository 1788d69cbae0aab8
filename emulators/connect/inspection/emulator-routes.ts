import * as z from "zod";
import { faultRuleSchema } from "../faults/fault-injector.ts";
import { callerScriptSchema } from "../flow-host/caller-script.ts";
import { ApiError } from "../http/api-error.ts";
import type { RouteHandler, RouteSpec } from "../http/router.ts";
import { validate } from "../http/validate.ts";
import { channelSchema } from "../model/instance-seed.ts";
import { servicesSeedSchema } from "../model/services-seed.ts";
import { apiQuotasSchema } from "../quotas/api-quotas.ts";
import type { EmulatorControl } from "./emulator-control.ts";

const voiceCallSchema = z.object({
  instanceId: z.string().optional(),
  queue: z.string().optional(),
  flow: z.string().optional(),
  customerNumber: z.string().optional(),
  systemNumber: z.string().optional(),
  attributes: z.record(z.string(), z.string()).optional(),
  abandonAfterSeconds: z.number().min(0).optional(),
  customerQueueFlow: z.string().optional(),
  caller: callerScriptSchema.optional(),
});
const agentActionSchema = z.object({ contactId: z.string().min(1) });
const chooseSchema = z.object({ result: z.string().min(1) });
const sendSchema = z.object({
  contactId: z.string().min(1),
  content: z.string().min(1),
  contentType: z.string().optional(),
});
const attachSchema = z.object({
  contactId: z.string().min(1),
  fileName: z.string().min(1).max(256),
  contentType: z.string().min(1),
  contentBase64: z.base64(),
});
const statusSchema = z.object({ status: z.enum(["Available", "Offline", "Break"]) });
const subscribeSchema = z.object({ topicArn: z.string().min(1), url: z.url() });
const waitSchema = z.object({
  queue: z.string(),
  channel: channelSchema,
  seconds: z.number().min(0).optional(),
});
const dropSchema = z.object({
  contactId: z.string().optional(),
  participantId: z.string().optional(),
});

/** The emulator's own control plane, kept apart from AWS paths under /__emulator. */
export function emulatorRoutes(control: EmulatorControl, publicKeyPem: () => string): RouteSpec[] {
  const route = (method: string, path: string, handler: RouteHandler): RouteSpec => ({
    method,
    path: `/__emulator${path}`,
    operation: `emulator:${method} ${path}`,
    service: "connect",
    handler: async (req) => {
      try {
        return await handler(req);
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw new ApiError(
          "ConflictException",
          error instanceof Error ? error.message : String(error),
        );
      }
    },
  });
  const agent = (params: Record<string, string>) => params.agent ?? "";
  return [
    route("GET", "/contacts", () => ({ json: { contacts: control.contacts() } })),
    route("GET", "/contacts/{contactId}/transcript", ({ params }) => ({
      json: { transcript: control.transcript(params.contactId ?? "") },
    })),
    route("GET", "/contacts/{contactId}/flow-trace", ({ params }) => ({
      json: control.flowTrace(params.contactId ?? ""),
    })),
    route("GET", "/contacts/{contactId}/agent-views", ({ params }) => ({
      json: { views: control.agentViews(params.contactId ?? "") },
    })),
    route("POST", "/contacts/{contactId}/agent-views/{viewId}/choose", ({ params, body }) => {
      const { result } = validate("connect", chooseSchema, body);
      control.chooseInAgentView(params.contactId ?? "", params.viewId ?? "", result);
      return { json: {} };
    }),
    route("GET", "/streaming/deliveries", () => ({ json: { deliveries: control.deliveries() } })),
    route("GET", "/calls", () => ({ json: { calls: control.callCounts() } })),
    route("DELETE", "/calls", () => {
      control.resetCallCounts();
      return { json: {} };
    }),
    route("POST", "/voice-calls", ({ body }) => {
      const contact = control.placeVoiceCall(
        stripUndefined(validate("connect", voiceCallSchema, body)),
      );
      return { json: { contactId: contact.id } };
    }),
    route("POST", "/contacts/{contactId}/hang-up", ({ params }) => {
      control.hangUp(params.contactId ?? "");
      return { json: {} };
    }),
    route("POST", "/contacts/{contactId}/customer-message", ({ params, body }) => {
      const request = validate("connect", sendSchema.omit({ contactId: true }), body);
      return {
        json: control.customerSend(params.contactId ?? "", request.content, request.contentType),
      };
    }),
    route("POST", "/agents/{agent}/accept", ({ params, body }) => {
      control.agentAccept(agent(params), validate("connect", agentActionSchema, body).contactId);
      return { json: {} };
    }),
    route("POST", "/agents/{agent}/reject", ({ params, body }) => {
      control.agentReject(agent(params), validate("connect", agentActionSchema, body).contactId);
      return { json: {} };
    }),
    route("POST", "/agents/{agent}/send", ({ params, body }) => {
      const request = validate("connect", sendSchema, body);
      return {
        json: control.agentSend(
          agent(params),
          request.contactId,
          request.content,
          request.contentType,
        ),
      };
    }),
    route("POST", "/agents/{agent}/attachments", ({ params, body }) => {
      const request = validate("connect", attachSchema, body);
      return {
        json: control.agentSendAttachment(agent(params), request.contactId, {
          fileName: request.fileName,
          contentType: request.contentType,
          bytes: Buffer.from(request.contentBase64, "base64"),
        }),
      };
    }),
    route("POST", "/agents/{agent}/end", ({ params, body }) => {
      control.agentEnd(agent(params), validate("connect", agentActionSchema, body).contactId);
      return { json: {} };
    }),
    route("POST", "/agents/{agent}/status", ({ params, body }) => {
      control.setAgentStatus(agent(params), validate("connect", statusSchema, body).status);
      return { json: {} };
    }),
    route("POST", "/sns/subscriptions", ({ body }) => {
      const request = validate("connect", subscribeSchema, body);
      control.subscribe(request.topicArn, request.url);
      return { json: {} };
    }),
    route("GET", "/sns/signing-key.pem", () => ({
      raw: publicKeyPem(),
      headers: { "content-type": "application/x-pem-file" },
    })),
    route("PUT", "/services", ({ body, query }) => {
      control.setServices(
        validate("connect", servicesSeedSchema, body),
        query.get("instanceId") ?? undefined,
      );
      return { json: {} };
    }),
    route("GET", "/services/requests", ({ query }) => ({
      json: control.serviceRequests(query.get("instanceId") ?? undefined),
    })),
    route("POST", "/estimated-wait", ({ body }) => {
      control.setEstimatedWait(stripUndefined(validate("connect", waitSchema, body)));
      return { json: {} };
    }),
    route("PUT", "/faults/{operation}", ({ params, body }) => {
      control.setFault(params.operation ?? "*", validate("connect", faultRuleSchema, body));
      return { json: {} };
    }),
    route("DELETE", "/faults", () => {
      control.faults.clear();
      return { json: {} };
    }),
    route("GET", "/quotas", () => {
      const { admitted, throttled } = control.quotas.counts();
      return {
        json: {
          quotas: control.quotas.quotas(),
          admitted: Object.fromEntries(admitted),
          throttled: Object.fromEntries(throttled),
        },
      };
    }),
    // The whole table at once; `{}` lifts every limit.
    route("PUT", "/quotas", ({ body }) => {
      control.quotas.configure(validate("connect", apiQuotasSchema, body));
      return { json: { quotas: control.quotas.quotas() } };
    }),
    route("POST", "/websockets/drop", ({ body }) => ({
      json: {
        dropped: control.dropWebsockets(stripUndefined(validate("connect", dropSchema, body))),
      },
    })),
  ];
}

/** Drops undefined keys so zod output fits exactOptionalPropertyTypes interfaces. */
function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
