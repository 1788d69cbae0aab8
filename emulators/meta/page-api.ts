/**
 * GET /v{N}/me with a page access token: the Page the token belongs to, `{name, id}`. A
 * read-only call that shows whether the token is accepted (Graph API "me" node).
 */
import { readParameters } from "../shared-http/body-parsers.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonResponse,
} from "../shared-http/http-types.ts";
import { graphErrors } from "./api-errors.ts";
import type { MetaContext } from "./meta-context.ts";
import { authorize, GRAPH_VERSION } from "./outbound-api.ts";

export function fetchMe(ctx: MetaContext, request: EmulatorRequest): EmulatorResponse {
  const version = request.params.version;
  if (version !== undefined && !GRAPH_VERSION.test(version)) {
    return graphErrors.unknownObject(version);
  }
  const params = readParameters(request);
  if (!params.ok) return graphErrors.param(`Invalid request: ${params.error}`);
  const denied = authorize(ctx, request, params.params);
  if (denied) return denied;
  return jsonResponse(200, { name: "Connect Deflect", id: ctx.config.pageId });
}
