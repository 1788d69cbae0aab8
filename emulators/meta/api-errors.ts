/**
 * Graph API error objects: `{"error":{message,type,code,error_subcode?,fbtrace_id}}`,
 * HTTP 400 for OAuth and parameter errors (protocols.md §6; Send API error codes at
 * developers.facebook.com/docs/messenger-platform/error-codes). Messages marked
 * [unverified] are worded from general knowledge.
 */
import type { Fault } from "../shared-http/fault-injector.ts";
import { type EmulatorResponse, jsonResponse } from "../shared-http/http-types.ts";
import { randomHex } from "../shared-http/random-ids.ts";

interface GraphErrorFields {
  readonly message: string;
  readonly code: number;
  readonly type?: string;
  readonly error_subcode?: number;
  readonly is_transient?: boolean;
}

export function graphError(
  status: number,
  fields: GraphErrorFields,
  headers: Record<string, string> = {},
): EmulatorResponse {
  const error = { type: "OAuthException", ...fields, fbtrace_id: randomHex(8) };
  return jsonResponse(status, { error }, headers);
}

export const graphErrors = {
  tokenRequired: () =>
    graphError(400, {
      message: "An access token is required to request this resource.",
      code: 104,
    }),
  invalidToken: () =>
    graphError(
      400,
      { message: "Invalid OAuth access token - Cannot parse access token", code: 190 },
      {
        "www-authenticate":
          'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token."',
      },
    ),
  unknownObject: (id: string) =>
    graphError(400, {
      message: `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      code: 100,
      error_subcode: 33,
      type: "GraphMethodException",
    }),
  param: (message: string) => graphError(400, { message: `(#100) ${message}`, code: 100 }),
  noMatchingUser: () =>
    graphError(400, {
      message: "(#100) No matching user found",
      code: 100,
      error_subcode: 2018001,
    }),
  outsideWindow: () =>
    graphError(400, {
      message:
        "(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview",
      code: 10,
      error_subcode: 2018278,
    }),
  // Attachments Meta fetched from a URL and could not use: code 100, subcode 2018047
  // [unverified: the wording of each case, and that a size refusal uses the same codes].
  attachmentUnfetchable: () =>
    graphError(400, {
      message: "(#100) Upload attachment failure. Failed to fetch the file from the url",
      code: 100,
      error_subcode: 2018047,
    }),
  attachmentMismatch: () =>
    graphError(400, {
      message:
        "(#100) Upload attachment failure. The provided media type does not match the type of the file at the URL",
      code: 100,
      error_subcode: 2018047,
    }),
  attachmentTooLarge: () =>
    graphError(400, {
      message: "(#100) Attachment size exceeds allowable limit",
      code: 100,
      error_subcode: 2018047,
    }),
  // [unverified] wording and subcode for a HUMAN_AGENT send without the approved permission.
  humanAgentNotApproved: () =>
    graphError(400, {
      message:
        "(#10) This message is sent outside of allowed window. You need the Human Agent permission to be able to do it.",
      code: 10,
      error_subcode: 2018278,
    }),
} as const;

/** Throttling as Graph reports it (code 613), outages as a transient code 2. */
export function renderGraphFault(fault: Fault): EmulatorResponse {
  const headers: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
  if (fault.status === 429) {
    return graphError(
      429,
      { message: "(#613) Calls to this api have exceeded the rate limit.", code: 613 },
      headers,
    );
  }
  return graphError(
    fault.status,
    {
      message: "An unexpected error has occurred. Please retry your request later.",
      code: 2,
      is_transient: true,
    },
    headers,
  );
}
