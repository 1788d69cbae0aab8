/**
 * X API v2 Direct Messages as twitter-api-v2 calls them (protocols.md §7.2): send with
 * POST /2/dm_conversations/with/:participant_id/messages or
 * /2/dm_conversations/:dm_conversation_id/messages (JSON `{text, attachments}`, 201
 * `{data:{dm_conversation_id, dm_event_id}}`), list with GET /2/dm_events and
 * /2/dm_conversations/with/:participant_id/dm_events. User context only: OAuth 1.0a or
 * an OAuth 2.0 user token; app-only Bearer is refused.
 */
import * as z from "zod";
import { parseJson } from "../shared-http/body-parsers.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonResponse,
} from "../shared-http/http-types.ts";
import { xErrors } from "./api-errors.ts";
import { verifyOAuth1 } from "./oauth1.ts";
import { scheduleEcho } from "./webhook-delivery.ts";
import {
  eventId,
  oneToOneConversationId,
  type XContext,
  type XDmEvent,
  type XUploadedMedia,
} from "./x-context.ts";

const USER_ID = /^\d{1,19}$/;
const MAX_TEXT = 10_000;
const DEFAULT_FIELDS = ["id", "event_type", "text"];

const messageSchema = z.object({
  text: z.string().optional(),
  attachments: z.array(z.object({ media_id: z.string().min(1) })).optional(),
});

export function authenticate(
  ctx: XContext,
  request: EmulatorRequest,
): EmulatorResponse | undefined {
  const header = request.headers.authorization ?? "";
  const bearer = /^Bearer (.+)$/.exec(header)?.[1];
  if (bearer !== undefined) {
    if (ctx.config.userBearerTokens.includes(bearer)) return undefined;
    return bearer === ctx.config.appBearerToken
      ? xErrors.appOnlyForbidden()
      : xErrors.unauthorized();
  }
  return verifyOAuth1(request, ctx.config, Date.now()) ? undefined : xErrors.unauthorized();
}

export function sendToParticipant(ctx: XContext, request: EmulatorRequest): EmulatorResponse {
  const denied = authenticate(ctx, request);
  if (denied) return denied;
  const participantId = request.params.participantId ?? "";
  if (!USER_ID.test(participantId)) {
    return xErrors.invalidRequest(
      `The \`participant_id\` query parameter value [${participantId}] is not valid`,
      {
        participant_id: [participantId],
      },
    );
  }
  return sendDm(ctx, request, participantId);
}

export function sendInConversation(ctx: XContext, request: EmulatorRequest): EmulatorResponse {
  const denied = authenticate(ctx, request);
  if (denied) return denied;
  const conversationId = request.params.conversationId ?? "";
  const ids = conversationId.split("-");
  // Only one-to-one conversations of the account exist in the emulator.
  if (
    ids.length !== 2 ||
    !ids.every((id) => USER_ID.test(id)) ||
    !ids.includes(ctx.config.userId)
  ) {
    return xErrors.notFound(request.path);
  }
  const participantId = ids[0] === ctx.config.userId ? (ids[1] ?? "") : (ids[0] ?? "");
  return sendDm(ctx, request, participantId);
}

function sendDm(ctx: XContext, request: EmulatorRequest, participantId: string): EmulatorResponse {
  const rate = ctx.store.countSend();
  if (!rate.allowed) return xErrors.tooManyRequests(rate.headers);
  const json = parseJson(request.rawBody.toString("utf8"));
  const parsed = json.ok ? messageSchema.safeParse(json.value) : undefined;
  if (!parsed?.success)
    return xErrors.invalidRequest("The request body is not valid JSON of a DM message");
  const { text, attachments } = parsed.data;
  if (!text && !attachments?.length)
    return xErrors.invalidRequest("Either `text` or `attachments` must be present");
  if (text && text.length > MAX_TEXT)
    return xErrors.invalidRequest(`\`text\` must be at most ${MAX_TEXT} characters`);
  if (ctx.store.closedDms.has(participantId)) return xErrors.dmNotAllowed();
  const media = dmMedia(ctx, attachments ?? []);
  if (!Array.isArray(media)) return media;
  for (const item of media) item.usedInDm = true;
  const event: XDmEvent = {
    id: eventId(),
    event_type: "MessageCreate",
    text: text ?? "",
    sender_id: ctx.config.userId,
    dm_conversation_id: oneToOneConversationId(ctx.config.userId, participantId),
    created_at: new Date(ctx.kit.clock.now()).toISOString(),
    ...(media.length ? { attachments: { media_keys: media.map((item) => item.mediaKey) } } : {}),
  };
  ctx.store.events.push(event);
  scheduleEcho(ctx, event, participantId);
  const data = { dm_conversation_id: event.dm_conversation_id, dm_event_id: event.id };
  return jsonResponse(201, { data }, rate.headers);
}

/**
 * The uploaded media a DM names: at most one, finalized, uploaded in a DM category and not
 * sent before [unverified: the wording of each refusal].
 */
function dmMedia(
  ctx: XContext,
  attachments: readonly { media_id: string }[],
): XUploadedMedia[] | EmulatorResponse {
  if (attachments.length > 1) return xErrors.invalidRequest("A DM can carry one media attachment");
  const media = attachments.map((attachment) => ctx.store.media.get(attachment.media_id));
  const usable = media.filter(
    (item): item is XUploadedMedia =>
      item?.finalized === true && !item.usedInDm && item.category.startsWith("dm_"),
  );
  if (usable.length !== attachments.length) {
    const ids = attachments.map((attachment) => attachment.media_id);
    return xErrors.invalidRequest(`The media_id [${ids.join(", ")}] is not valid for a DM`, {
      media_id: ids,
    });
  }
  return usable;
}

export function listDmEvents(ctx: XContext, request: EmulatorRequest): EmulatorResponse {
  const denied = authenticate(ctx, request);
  if (denied) return denied;
  const participantId = request.params.participantId;
  const conversationId = participantId
    ? oneToOneConversationId(ctx.config.userId, participantId)
    : undefined;
  const maxResults = Number(request.query.get("max_results") ?? 100);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    return xErrors.invalidRequest(
      "The `max_results` query parameter value is not between 1 and 100",
    );
  }
  const matching = ctx.store.events
    .filter((event) => !conversationId || event.dm_conversation_id === conversationId)
    .reverse();
  const start = Number(request.query.get("pagination_token") ?? 0) || 0;
  const page = matching.slice(start, start + maxResults);
  const fields = new Set([
    ...DEFAULT_FIELDS,
    ...(request.query.get("dm_event.fields")?.split(",") ?? []),
  ]);
  const data = page.map((event) =>
    Object.fromEntries(Object.entries(event).filter(([key]) => fields.has(key))),
  );
  const next =
    start + maxResults < matching.length ? { next_token: String(start + maxResults) } : {};
  // An empty page carries only `meta`, as X answers it.
  const body =
    data.length > 0
      ? { data, meta: { result_count: data.length, ...next } }
      : { meta: { result_count: 0 } };
  return jsonResponse(200, body);
}
