/**
 * X API v2 errors are problem+json: `{title, detail, type, status}`, with an `errors`
 * array for invalid requests (protocols.md §7.2). twitter-api-v2 throws them as
 * ApiResponseError with `.code` = HTTP status and `.data` = this body.
 */
import type { Fault } from "../shared-http/fault-injector.ts";
import { type EmulatorResponse, jsonResponse } from "../shared-http/http-types.ts";

const PROBLEM = "application/problem+json";

export function problem(
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return jsonResponse(status, body, { "content-type": PROBLEM, ...headers });
}

export const xErrors = {
  unauthorized: () =>
    problem(401, {
      title: "Unauthorized",
      type: "about:blank",
      status: 401,
      detail: "Unauthorized",
    }),
  appOnlyForbidden: () =>
    problem(403, {
      title: "Unsupported Authentication",
      detail:
        "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
      type: "https://api.twitter.com/2/problems/unsupported-authentication",
      status: 403,
    }),
  // [unverified] wording of the refusal when the recipient does not accept DMs.
  dmNotAllowed: () =>
    problem(403, {
      title: "Forbidden",
      type: "about:blank",
      status: 403,
      detail: "You are not permitted to send Direct Messages to this user.",
    }),
  invalidRequest: (message: string, parameters: Record<string, unknown> = {}) =>
    problem(400, {
      errors: [{ parameters, message }],
      title: "Invalid Request",
      detail: "One or more parameters to your request was invalid.",
      type: "https://api.twitter.com/2/problems/invalid-request",
    }),
  notFound: (path: string) =>
    problem(404, {
      title: "Not Found Error",
      type: "https://api.twitter.com/2/problems/resource-not-found",
      status: 404,
      detail: `Could not find ${path}`,
    }),
  tooManyRequests: (headers: Record<string, string>) =>
    problem(
      429,
      { title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 },
      headers,
    ),
} as const;

export function renderXFault(fault: Fault): EmulatorResponse {
  const headers: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
  if (fault.status === 429) return xErrors.tooManyRequests(headers);
  const title = fault.status === 503 ? "Service Unavailable" : "Internal Server Error";
  return problem(
    fault.status,
    { title, detail: title, type: "about:blank", status: fault.status },
    headers,
  );
}
