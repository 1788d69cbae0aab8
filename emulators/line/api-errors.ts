/**
 * Messaging API errors are `{"message", "details"?: [{message, property}]}`
 * (developers.line.biz/en/reference/messaging-api/#error-responses; @line/bot-sdk
 * ErrorResponse). Messages below are the ones LINE returns as reported by users of the
 * API (bot-sdk issues, KARTE's error list); [unverified] where marked.
 */
import type { Fault } from "../shared-http/fault-injector.ts";
import { type EmulatorResponse, jsonResponse } from "../shared-http/http-types.ts";

export interface LineErrorDetail {
  readonly message: string;
  readonly property: string;
}

export function lineError(
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): EmulatorResponse {
  return jsonResponse(status, { message, ...extra }, headers);
}

export const lineErrors = {
  authorizationRequired: () =>
    lineError(
      401,
      "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'",
    ),
  authenticationFailed: () =>
    lineError(
      401,
      "Authentication failed due to the following reason: invalid token. Confirm that the access token in the authorization header is valid.",
    ),
  unparsableJson: () => lineError(400, "The request body could not be parsed as JSON"),
  unsupportedContentType: (type: string) =>
    lineError(400, `The content type, ${type}, is not supported`),
  bodyErrors: (details: readonly LineErrorDetail[]) =>
    lineError(400, `The request body has ${details.length} error(s)`, { details }),
  invalidReplyToken: () => lineError(400, "Invalid reply token"),
  failedToSend: () => lineError(400, "Failed to send messages"),
  // [unverified] wording; the docs say both cases are refused with these statuses.
  retryKeyNotSupported: () => lineError(400, "The retry key is not supported for this API"),
  retryKeyInvalid: () => lineError(400, "The value for the 'X-Line-Retry-Key' header is invalid"),
  retryKeyAccepted: (sentMessages: unknown, acceptedRequestId: string) =>
    lineError(
      409,
      "The retry key is already accepted",
      { sentMessages },
      { "x-line-accepted-request-id": acceptedRequestId },
    ),
  notFound: () => lineError(404, "Not found"),
} as const;

export function renderLineFault(fault: Fault): EmulatorResponse {
  const headers: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
  if (fault.status === 429) return lineError(429, "Too Many Requests", {}, headers);
  return lineError(fault.status, "Internal server error", {}, headers); // [unverified] wording
}
