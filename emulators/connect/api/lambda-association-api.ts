import * as z from "zod";
import type { EmulatorState } from "../emulator-state.ts";
import { notFound } from "../http/api-error.ts";
import { connectRoute, type RouteSpec } from "../http/router.ts";
import { validate } from "../http/validate.ts";
import { pageOf } from "./paging.ts";

// FunctionArn pattern of the API reference, less the optional version or alias.
const functionArn = z
  .string()
  .max(140)
  .regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[a-zA-Z0-9_-]+(:[a-zA-Z0-9_$-]+)?$/, {
    message: "expected a Lambda function ARN",
  });

const associateSchema = z.object({ FunctionArn: functionArn, ClientToken: z.string().optional() });

const listQuery = z.object({
  // ListLambdaFunctions pages hold at most 25 (API reference).
  maxResults: z.coerce.number().int().min(1).max(25).default(25),
  nextToken: z.string().optional(),
});

/**
 * The functions added to an instance ("Flows → AWS Lambda" in the console). The emulator
 * keeps the list but does not refuse a flow's call to a function missing from it.
 */
export function lambdaAssociationRoutes(state: EmulatorState): RouteSpec[] {
  const associations = new Map<string, Set<string>>();
  const of = (instanceRef: string) => {
    const { id } = state.runtime(instanceRef).instance;
    const set = associations.get(id) ?? new Set<string>();
    associations.set(id, set);
    return set;
  };
  return [
    connectRoute(
      "PUT",
      "/instance/{InstanceId}/lambda-function",
      "AssociateLambdaFunction",
      ({ params, body }) => {
        const request = validate("connect", associateSchema, body);
        of(params.InstanceId ?? "").add(request.FunctionArn);
        return { json: {} };
      },
    ),
    connectRoute(
      "DELETE",
      "/instance/{InstanceId}/lambda-function",
      "DisassociateLambdaFunction",
      ({ params, query }) => {
        const arn = validate("connect", functionArn, query.get("functionArn") ?? "");
        if (!of(params.InstanceId ?? "").delete(arn)) throw notFound("Lambda function", arn);
        return { json: {} };
      },
    ),
    connectRoute(
      "GET",
      "/instance/{InstanceId}/lambda-functions",
      "ListLambdaFunctions",
      ({ params, query }) => {
        const request = validate("connect", listQuery, {
          maxResults: query.get("maxResults") ?? undefined,
          nextToken: query.get("nextToken") ?? undefined,
        });
        const instanceId = params.InstanceId ?? "";
        const page = pageOf([...of(instanceId)].sort(), {
          maxResults: request.maxResults,
          nextToken: request.nextToken,
          fingerprint: { instanceId },
          now: state.clock.now(),
        });
        return {
          json: {
            LambdaFunctions: page.items,
            ...(page.nextToken ? { NextToken: page.nextToken } : {}),
          },
        };
      },
    ),
  ];
}
