/**
 * Media a customer sends, as Twilio serves it (protocols.md §5.1): the inbound webhook's
 * `MediaUrl{N}` is `/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}`
 * and needs HTTP Basic auth with the account SID and auth token (or an API key). The
 * authorised request is redirected to a short-lived URL that serves the bytes without auth
 * [unverified: Twilio's redirect target and its lifetime].
 */

import type { EmulatorRequest, EmulatorResponse } from "../shared-http/http-types.ts";
import { twilioErrors } from "./api-errors.ts";
import { authorize } from "./outbound-api.ts";
import type { TwilioContext } from "./twilio-context.ts";

/** GET …/Media/{MediaSid}: Basic auth, then a redirect to the bytes. */
export function fetchMedia(ctx: TwilioContext, request: EmulatorRequest): EmulatorResponse {
  const denied = authorize(ctx, request);
  if (denied) return denied;
  const { messageSid = "", mediaSid = "" } = request.params;
  const media = ctx.media.get(mediaSid);
  if (!media || media.messageSid !== messageSid) return twilioErrors.notFound(request.path);
  const token = ctx.media.link(mediaSid, ctx.kit.clock.now());
  return { status: 307, headers: { location: `/__emulator/media/${token}` } };
}

/** The short-lived link: no auth, the bytes with their type. */
export function serveMediaLink(ctx: TwilioContext, request: EmulatorRequest): EmulatorResponse {
  const media = ctx.media.follow(request.params.token ?? "", ctx.kit.clock.now());
  if (!media) return { status: 403, body: "Request has expired", headers: {} };
  return {
    status: 200,
    body: media.bytes,
    headers: { "content-type": media.contentType, "content-length": String(media.bytes.length) },
  };
}
