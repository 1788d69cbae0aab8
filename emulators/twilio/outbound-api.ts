/**
 * The Messages API as the `twilio` client calls it (protocols.md §5.4–5.6):
 * POST/GET /2010-04-01/Accounts/{AccountSid}/Messages.json and GET …/Messages/{Sid}.json,
 * Basic auth with AccountSid:AuthToken (or an API key), form-encoded bodies.
 */
import {
  contentType,
  type FormFields,
  firstField,
  parseForm,
} from "../shared-http/body-parsers.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonResponse,
} from "../shared-http/http-types.ts";
import { twilioErrors } from "./api-errors.ts";
import { isWhatsApp, type TwilioMessage, toResource } from "./message-store.ts";
import { countSegments } from "./sms-segments.ts";
import { scheduleStatusCallbacks } from "./status-callbacks.ts";
import { messageSid, type TwilioContext } from "./twilio-context.ts";

const E164 = /^\+[1-9]\d{6,14}$/;
/** At most 10 MediaUrl per message (protocols.md §5.4). */
const MAX_MEDIA = 10;

interface CreateInput {
  readonly to: string;
  readonly from: string;
  readonly serviceSid: string | null;
  readonly body: string;
  readonly mediaUrls: readonly string[];
  readonly contentSid: string | null;
  readonly contentVariables: Record<string, string> | null;
  readonly statusCallback: string | null;
}

type Step<T> = { ok: true; value: T } | { ok: false; response: EmulatorResponse };

/** Answers a 401/404 when the caller may not use this account, else undefined. */
export function authorize(
  ctx: TwilioContext,
  request: EmulatorRequest,
): EmulatorResponse | undefined {
  const header = request.headers.authorization ?? "";
  const [scheme, encoded = ""] = header.split(" ");
  if (scheme?.toLowerCase() !== "basic") return twilioErrors.authenticate();
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const [user, secret] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  const { accountSid, authToken, apiKeys } = ctx.config;
  const valid = (user === accountSid && secret === authToken) || apiKeys[user] === secret;
  if (colon < 0 || !valid) return twilioErrors.authenticate();
  // [unverified] another account's path answers 404 rather than 401.
  if (request.params.accountSid !== accountSid) return twilioErrors.notFound(request.path);
  return undefined;
}

export async function createMessage(
  ctx: TwilioContext,
  request: EmulatorRequest,
): Promise<EmulatorResponse> {
  const denied = authorize(ctx, request);
  if (denied) return denied;
  const isForm = contentType(request) === "application/x-www-form-urlencoded";
  const fields = parseForm(isForm ? request.rawBody.toString("utf8") : "");
  const parsed = parseCreate(ctx, fields);
  if (!parsed.ok) return parsed.response;
  const input = parsed.value;
  if (!isWhatsApp(input.to) && ctx.store.isOptedOut(input.to, input.from)) {
    return twilioErrors.unsubscribed();
  }
  const windowFailure = outsideWindow(ctx, input);
  if (windowFailure && ctx.config.windowErrorMode === "sync") return twilioErrors.outsideWindow();
  const now = ctx.kit.clock.now();
  const message: TwilioMessage = {
    sid: messageSid(input.mediaUrls.length > 0),
    accountSid: ctx.config.accountSid,
    direction: "outbound-api",
    from: input.serviceSid && !firstField(fields, "From") ? null : input.from,
    to: input.to,
    body: input.body,
    messagingServiceSid: input.serviceSid,
    mediaUrls: input.mediaUrls,
    media: [],
    contentSid: input.contentSid,
    contentVariables: input.contentVariables,
    statusCallback: input.statusCallback,
    numSegments: countSegments(input.body),
    dateCreated: now,
    status: input.serviceSid ? "accepted" : "queued",
    errorCode: null,
    errorMessage: null,
    dateSent: null,
    dateUpdated: now,
  };
  ctx.store.messages.set(message.sid, message);
  scheduleStatusCallbacks(ctx, message, { sender: input.from, windowFailure });
  return jsonResponse(201, toResource(message));
}

function parseCreate(ctx: TwilioContext, fields: FormFields): Step<CreateInput> {
  const to = firstField(fields, "To");
  const serviceSid = firstField(fields, "MessagingServiceSid") ?? null;
  const body = firstField(fields, "Body") ?? "";
  const mediaUrls = fields.MediaUrl ?? [];
  const contentSid = firstField(fields, "ContentSid") ?? null;
  if (!to) return refuse(twilioErrors.toRequired());
  if (!firstField(fields, "From") && !serviceSid) return refuse(twilioErrors.fromRequired());
  if (!body && mediaUrls.length === 0 && !contentSid) return refuse(twilioErrors.bodyRequired());
  if (!E164.test(to.replace(/^whatsapp:/, ""))) return refuse(twilioErrors.invalidTo(to));
  const from = pickSender(ctx, fields, to);
  if (!from.ok) return from;
  if (isWhatsApp(from.value) !== isWhatsApp(to)) return refuse(twilioErrors.channelMismatch());
  if (body.length > 1600) return refuse(twilioErrors.bodyTooLong());
  if (mediaUrls.length > MAX_MEDIA) return refuse(twilioErrors.tooManyMedia());
  // A MediaUrl is checked for form now; it is fetched once the message is accepted.
  if (mediaUrls.some((url) => !isWebUrl(url))) {
    return refuse(twilioErrors.invalidMediaUrl());
  }
  const content = renderContent(ctx, contentSid, firstField(fields, "ContentVariables"));
  if (!content.ok) return content;
  const statusCallback = firstField(fields, "StatusCallback") ?? null;
  if (statusCallback !== null && !URL.canParse(statusCallback)) {
    return refuse(twilioErrors.invalidStatusCallback(statusCallback));
  }
  const value: CreateInput = {
    to,
    from: from.value,
    serviceSid,
    body: content.value.body ?? body,
    mediaUrls,
    contentSid,
    contentVariables: content.value.variables,
    statusCallback,
  };
  return { ok: true, value };
}

function pickSender(ctx: TwilioContext, fields: FormFields, to: string): Step<string> {
  const from = firstField(fields, "From");
  const serviceSid = firstField(fields, "MessagingServiceSid");
  if (from) {
    const { senders } = ctx.config;
    return senders && !senders.includes(from)
      ? refuse(twilioErrors.invalidFrom(from))
      : { ok: true, value: from };
  }
  const pool = serviceSid ? ctx.config.messagingServices[serviceSid] : undefined;
  if (!pool || !serviceSid) return refuse(twilioErrors.unknownService(serviceSid ?? ""));
  const sender = pool.find((address) => isWhatsApp(address) === isWhatsApp(to));
  return sender ? { ok: true, value: sender } : refuse(twilioErrors.fromRequired());
}

function renderContent(
  ctx: TwilioContext,
  contentSid: string | null,
  rawVariables: string | undefined,
): Step<{ body: string | null; variables: Record<string, string> | null }> {
  if (!contentSid) return { ok: true, value: { body: null, variables: null } };
  const template = ctx.config.contentTemplates.get(contentSid);
  if (template === undefined) return refuse(twilioErrors.invalidContentSid());
  let variables: Record<string, string> = {};
  if (rawVariables !== undefined) {
    try {
      const parsed: unknown = JSON.parse(rawVariables);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error();
      variables = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    } catch {
      return refuse(twilioErrors.invalidContentVariables());
    }
  }
  const body = template.replace(
    /\{\{\s*(\w+)\s*\}\}/g,
    (match, key: string) => variables[key] ?? match,
  );
  return { ok: true, value: { body, variables } };
}

/** Free-form WhatsApp (no ContentSid) outside the customer-service window (§5.5). */
function outsideWindow(ctx: TwilioContext, input: CreateInput): boolean {
  const freeForm = input.contentSid === null;
  return isWhatsApp(input.to) && freeForm && !ctx.store.insideWindow(input.to, input.from);
}

function isWebUrl(url: string): boolean {
  try {
    return /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}

function refuse<T>(response: EmulatorResponse): Step<T> {
  return { ok: false, response };
}

export function fetchMessage(ctx: TwilioContext, request: EmulatorRequest): EmulatorResponse {
  const denied = authorize(ctx, request);
  if (denied) return denied;
  const message = ctx.store.messages.get(request.params.sid ?? "");
  return message ? jsonResponse(200, toResource(message)) : twilioErrors.notFound(request.path);
}

export function listMessages(ctx: TwilioContext, request: EmulatorRequest): EmulatorResponse {
  const denied = authorize(ctx, request);
  if (denied) return denied;
  const { to, from } = { to: request.query.get("To"), from: request.query.get("From") };
  const messages = [...ctx.store.messages.values()]
    .filter((message) => (!to || message.to === to) && (!from || message.from === from))
    .reverse()
    .map(toResource);
  const uri = `${request.path}?PageSize=${messages.length}&Page=0`;
  return jsonResponse(200, {
    messages,
    end: Math.max(messages.length - 1, 0),
    first_page_uri: uri,
    next_page_uri: null,
    page: 0,
    page_size: messages.length,
    previous_page_uri: null,
    start: 0,
    uri,
  });
}
