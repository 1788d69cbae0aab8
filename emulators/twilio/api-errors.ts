/**
 * Twilio REST error bodies: `{code, message, more_info, status}` (protocols.md §5.4;
 * the `twilio` client turns them into RestException). Codes from
 * https://www.twilio.com/docs/api/errors; wording of the rarer ones is [unverified].
 */
import type { Fault } from "../shared-http/fault-injector.ts";
import { type EmulatorResponse, jsonResponse } from "../shared-http/http-types.ts";

export function twilioError(status: number, code: number, message: string): EmulatorResponse {
  return jsonResponse(status, {
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  });
}

export const twilioErrors = {
  authenticate: (): EmulatorResponse => ({
    ...twilioError(401, 20003, "Authenticate"),
    headers: {
      "content-type": "application/json; charset=utf-8",
      "www-authenticate": 'Basic realm="Twilio API"',
    },
  }),
  notFound: (path: string) =>
    twilioError(404, 20404, `The requested resource ${path} was not found`),
  toRequired: () => twilioError(400, 21604, "A 'To' phone number is required."),
  fromRequired: () => twilioError(400, 21603, "A 'From' phone number is required."),
  bodyRequired: () => twilioError(400, 21602, "Message body is required."),
  bodyTooLong: () =>
    twilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit."),
  invalidTo: (to: string) =>
    twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`),
  invalidFrom: (from: string) =>
    twilioError(
      400,
      21606,
      `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
    ),
  channelMismatch: () =>
    twilioError(400, 21910, "Invalid From and To pair. From and To should be of the same channel"),
  unknownService: (sid: string) =>
    twilioError(400, 21701, `The Messaging Service Sid ${sid} is invalid.`),
  unsubscribed: () => twilioError(400, 21610, "Attempt to send to unsubscribed recipient"),
  invalidContentSid: () => twilioError(400, 21655, "The ContentSid is Invalid."),
  invalidContentVariables: () =>
    twilioError(400, 21656, "The ContentVariables Parameter is invalid."),
  // [unverified] code and wording for a malformed StatusCallback.
  invalidStatusCallback: (url: string) =>
    twilioError(400, 21609, `The StatusCallback URL ${url} is not a valid URL.`),
  outsideWindow: () => twilioError(400, 63016, OUTSIDE_WINDOW_MESSAGE),
  // [unverified] wordings; the codes are Twilio's for a bad MediaUrl and too many of them.
  invalidMediaUrl: () => twilioError(400, 21620, "Invalid media URL(s)."),
  tooManyMedia: () =>
    twilioError(400, 21623, "Number of media files exceeds allowed limit of 10 per message."),
} as const;

export const OUTSIDE_WINDOW_MESSAGE =
  "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.";

/** Injected faults, rendered as Twilio renders throttling and outages. */
export function renderTwilioFault(fault: Fault): EmulatorResponse {
  const base =
    fault.status === 429
      ? twilioError(429, 20429, "Too Many Requests")
      : fault.status >= 500
        ? twilioError(fault.status, 20500, "Internal Server Error")
        : twilioError(fault.status, 20001, "Unknown parameters");
  if (fault.retryAfterSeconds === undefined) return base;
  return { ...base, headers: { ...base.headers, "retry-after": String(fault.retryAfterSeconds) } };
}
