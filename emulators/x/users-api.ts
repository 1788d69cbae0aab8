/**
 * GET /2/users/me (twitter-api-v2 `client.v2.me()`): the user the credentials act for,
 * `{data:{id, name, username}}`. A read-only call that shows whether they are accepted.
 */
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonResponse,
} from "../shared-http/http-types.ts";
import { authenticate } from "./outbound-api.ts";
import type { XContext } from "./x-context.ts";

export function fetchMe(ctx: XContext, request: EmulatorRequest): EmulatorResponse {
  const denied = authenticate(ctx, request);
  if (denied) return denied;
  const { userId, screenName } = ctx.config;
  return jsonResponse(200, { data: { id: userId, name: "Connect Deflect", username: screenName } });
}
