import { createHash } from "node:crypto";
import * as z from "zod";
import type { EmulatorState } from "../emulator-state.ts";
import { flowTypeOptions } from "../flow/flow-types.ts";
import { FlowValidationError, loadFlow } from "../flow/index.ts";
import { ApiError, notFound } from "../http/api-error.ts";
import { connectRoute, type RouteSpec } from "../http/router.ts";
import { validate } from "../http/validate.ts";
import type { Flow } from "../model/instance.ts";
import type { InstanceRuntime } from "../model/instance-runtime.ts";
import { contactFlowTypeSchema } from "../model/instance-seed.ts";
import { pageOf } from "./paging.ts";

// Every ContactFlowType; hold, whisper and transfer flows run like inbound flows when run.
const flowType = contactFlowTypeSchema;

const createSchema = z.object({
  Name: z.string().min(1).max(127),
  Type: flowType,
  Content: z.string().min(1).max(256_000),
  Description: z.string().max(500).optional(),
  // Unset is PUBLISHED; SAVED skips validation (CreateContactFlow API reference).
  Status: z.enum(["PUBLISHED", "SAVED"]).optional(),
  Tags: z.record(z.string(), z.string()).optional(),
});

const metadataSchema = z.object({
  Name: z.string().min(1).max(127).optional(),
  Description: z.string().max(500).optional(),
  ContactFlowState: z.enum(["ACTIVE", "ARCHIVED"]).optional(),
});

const listQuery = z.object({
  maxResults: z.coerce.number().int().min(1).max(1000).default(100),
  nextToken: z.string().optional(),
  contactFlowTypes: z.array(flowType).max(10).default([]),
});

// `<id>:$SAVED` names a flow's saved content, published or not (DescribeContactFlow reference).
const SAVED_ALIAS = ":$SAVED";

/** The contact-flow admin APIs: create, list, describe and the metadata (state) update. */
export function contactFlowRoutes(state: EmulatorState): RouteSpec[] {
  return [
    connectRoute("PUT", "/contact-flows/{InstanceId}", "CreateContactFlow", ({ params, body }) => {
      const runtime = state.runtime(params.InstanceId ?? "");
      const request = validate("connect", createSchema, body);
      const { instance } = runtime;
      if ([...instance.flows.values()].some((flow) => flow.name === request.Name)) {
        throw new ApiError("DuplicateResourceException", `A flow named ${request.Name} exists`);
      }
      const status = request.Status ?? "PUBLISHED";
      const content = parseContent(request.Content, request.Type, status === "PUBLISHED");
      const flow = instance.addFlow({ name: request.Name, type: request.Type, content });
      instance.flows.set(flow.id, {
        ...flow,
        status,
        ...(request.Description ? { description: request.Description } : {}),
      });
      return {
        json: {
          ContactFlowId: flow.id,
          ContactFlowArn: flow.arn,
          FlowContentSha256: sha256(request.Content),
        },
      };
    }),
    connectRoute(
      "GET",
      "/contact-flows-summary/{InstanceId}",
      "ListContactFlows",
      ({ params, query }) => {
        const runtime = state.runtime(params.InstanceId ?? "");
        const request = validate("connect", listQuery, {
          maxResults: query.get("maxResults") ?? undefined,
          nextToken: query.get("nextToken") ?? undefined,
          contactFlowTypes: query.getAll("contactFlowTypes"),
        });
        const wanted = new Set(request.contactFlowTypes);
        const flows = [...runtime.instance.flows.values()]
          .filter((flow) => wanted.size === 0 || wanted.has(flow.type))
          .sort((a, b) => a.name.localeCompare(b.name));
        const page = pageOf(flows.map(summary), {
          maxResults: request.maxResults,
          nextToken: request.nextToken,
          fingerprint: { instance: runtime.instance.id, types: [...wanted].sort() },
          now: state.clock.now(),
        });
        return {
          json: {
            ContactFlowSummaryList: page.items,
            ...(page.nextToken ? { NextToken: page.nextToken } : {}),
          },
        };
      },
    ),
    connectRoute(
      "GET",
      "/contact-flows/{InstanceId}/{ContactFlowId}",
      "DescribeContactFlow",
      ({ params }) => {
        const runtime = state.runtime(params.InstanceId ?? "");
        const ref = params.ContactFlowId ?? "";
        const saved = ref.endsWith(SAVED_ALIAS);
        const flow = findFlow(runtime, saved ? ref.slice(0, -SAVED_ALIAS.length) : ref);
        if ((flow.status ?? "PUBLISHED") === "SAVED" && !saved) {
          throw new ApiError(
            "ContactFlowNotPublishedException",
            `The flow ${flow.id} has not been published`,
          );
        }
        return { json: { ContactFlow: describe(flow) } };
      },
    ),
    connectRoute(
      "POST",
      "/contact-flows/{InstanceId}/{ContactFlowId}/metadata",
      "UpdateContactFlowMetadata",
      ({ params, body }) => {
        const runtime = state.runtime(params.InstanceId ?? "");
        const flow = findFlow(runtime, params.ContactFlowId ?? "");
        const request = validate("connect", metadataSchema, body);
        const updated: Flow = {
          ...flow,
          ...(request.Name ? { name: request.Name } : {}),
          ...(request.Description !== undefined ? { description: request.Description } : {}),
          ...(request.ContactFlowState ? { state: request.ContactFlowState } : {}),
        };
        runtime.instance.flows.set(flow.id, updated);
        return { json: {} };
      },
    ),
  ];
}

function findFlow(runtime: InstanceRuntime, ref: string): Flow {
  const id = ref.includes("/contact-flow/") ? (ref.split("/").at(-1) ?? "") : ref;
  const flow = runtime.instance.flows.get(id);
  if (!flow) throw notFound("Contact flow", ref);
  return flow;
}

/**
 * Published content is checked like a deployed flow, against the actions its Type allows (the
 * Type, not the content's Metadata); an error lists every problem found.
 */
function parseContent(text: string, type: Flow["type"], check: boolean): unknown {
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch {
    throw new ApiError("InvalidContactFlowException", "Content is not valid JSON", {
      problems: [{ message: "Content is not valid JSON" }],
    });
  }
  if (!check) return content;
  try {
    loadFlow(content, flowTypeOptions(type));
  } catch (error) {
    if (!(error instanceof FlowValidationError)) throw error;
    throw new ApiError("InvalidContactFlowException", "The flow is not valid", {
      problems: error.problems.map((message) => ({ message })),
    });
  }
  return content;
}

function summary(flow: Flow) {
  return {
    Id: flow.id,
    Arn: flow.arn,
    Name: flow.name,
    ContactFlowType: flow.type,
    ContactFlowState: flow.state ?? "ACTIVE",
    ContactFlowStatus: flow.status ?? "PUBLISHED",
  };
}

function describe(flow: Flow) {
  const content = flow.content === undefined ? undefined : JSON.stringify(flow.content);
  return {
    Arn: flow.arn,
    Id: flow.id,
    Name: flow.name,
    Type: flow.type,
    State: flow.state ?? "ACTIVE",
    Status: flow.status ?? "PUBLISHED",
    ...(flow.description ? { Description: flow.description } : {}),
    ...(content ? { Content: content, FlowContentSha256: sha256(content) } : {}),
    Tags: {},
  };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
