/**
 * The Messaging API send endpoints: POST /v2/bot/message/push `{to, messages}` and
 * POST /v2/bot/message/reply `{replyToken, messages}` with `Authorization: Bearer <channel
 * access token>`, 1–5 messages, text ≤ 5,000 characters, answered
 * `{"sentMessages":[{id, quoteToken}]}`; X-Line-Retry-Key on push makes retries safe
 * (409 once accepted). Sources: developers.line.biz/en/reference/messaging-api
 * (#send-push-message, #send-reply-message) and /en/docs/messaging-api/retrying-api-request.
 */
import { contentType, parseJson } from "../shared-http/body-parsers.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonResponse,
} from "../shared-http/http-types.ts";
import { randomHex } from "../shared-http/random-ids.ts";
import { type LineErrorDetail, lineErrors } from "./api-errors.ts";
import { downloadImages, mediaMessageErrors } from "./image-messages.ts";
import {
  type LineContext,
  type LineSentMessage,
  lineMessageId,
  requestId,
} from "./line-context.ts";

const MAX_MESSAGES = 5;
const MAX_TEXT = 5000;
const RETRY_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Body = Record<string, unknown>;

export function authorize(
  ctx: LineContext,
  request: EmulatorRequest,
): EmulatorResponse | undefined {
  const header = request.headers.authorization;
  const token = /^Bearer (.+)$/.exec(header ?? "")?.[1];
  if (!token) return lineErrors.authorizationRequired();
  return token === ctx.config.channelAccessToken ? undefined : lineErrors.authenticationFailed();
}

/** Auth, JSON body and message checks shared by push and reply. */
function readSendBody(
  ctx: LineContext,
  request: EmulatorRequest,
): { ok: true; body: Body } | { ok: false; response: EmulatorResponse } {
  const denied = authorize(ctx, request);
  if (denied) return { ok: false, response: denied };
  const type = contentType(request);
  if (type !== "application/json")
    return { ok: false, response: lineErrors.unsupportedContentType(type || "(none)") };
  const json = parseJson(request.rawBody.toString("utf8"));
  if (
    !json.ok ||
    typeof json.value !== "object" ||
    json.value === null ||
    Array.isArray(json.value)
  ) {
    return { ok: false, response: lineErrors.unparsableJson() };
  }
  return { ok: true, body: json.value as Body };
}

function messageErrors(messages: unknown): LineErrorDetail[] {
  if (!Array.isArray(messages)) return [{ message: "must be specified", property: "messages" }];
  if (messages.length < 1 || messages.length > MAX_MESSAGES) {
    return [{ message: `Size must be between 1 and ${MAX_MESSAGES}`, property: "messages" }];
  }
  return messages.flatMap((message: unknown, i): LineErrorDetail[] => {
    const item = (typeof message === "object" && message !== null ? message : {}) as Body;
    if (typeof item.type !== "string")
      return [{ message: "must be specified", property: `messages[${i}].type` }];
    if (item.type !== "text") return mediaMessageErrors(item, i);
    if (typeof item.text !== "string")
      return [{ message: "must be specified", property: `messages[${i}].text` }];
    if (item.text.length > MAX_TEXT)
      return [
        { message: `Length must be between 0 and ${MAX_TEXT}`, property: `messages[${i}].text` },
      ];
    return [];
  });
}

export function push(ctx: LineContext, request: EmulatorRequest): EmulatorResponse {
  const read = readSendBody(ctx, request);
  if (!read.ok) return read.response;
  const retryKey = request.headers["x-line-retry-key"] as string | undefined;
  if (retryKey !== undefined && !RETRY_KEY.test(retryKey)) return lineErrors.retryKeyInvalid();
  const accepted = retryKey ? ctx.state.acceptedFor(retryKey) : undefined;
  if (accepted) return lineErrors.retryKeyAccepted(accepted.sentMessages, accepted.requestId);
  const details = [
    ...(typeof read.body.to === "string" && read.body.to
      ? []
      : [{ message: "must be specified", property: "to" }]),
    ...messageErrors(read.body.messages),
  ];
  if (details.length > 0) return lineErrors.bodyErrors(details);
  const to = String(read.body.to);
  const user = ctx.state.users.get(to);
  if (!user) return lineErrors.failedToSend();
  const sent = record(ctx, {
    kind: "push",
    to,
    messages: read.body.messages as Body[],
    retryKey: retryKey ?? null,
    delivered: !user.blocked,
  });
  if (retryKey) ctx.state.remember(retryKey, sent);
  return sentResponse(sent);
}

export function reply(ctx: LineContext, request: EmulatorRequest): EmulatorResponse {
  const read = readSendBody(ctx, request);
  if (!read.ok) return read.response;
  if (request.headers["x-line-retry-key"] !== undefined) return lineErrors.retryKeyNotSupported();
  const details = [
    ...(typeof read.body.replyToken === "string" && read.body.replyToken
      ? []
      : [{ message: "must be specified", property: "replyToken" }]),
    ...messageErrors(read.body.messages),
  ];
  if (details.length > 0) return lineErrors.bodyErrors(details);
  const userId = ctx.state.redeemReplyToken(String(read.body.replyToken));
  if (!userId) return lineErrors.invalidReplyToken();
  const blocked = ctx.state.users.get(userId)?.blocked ?? false;
  return sentResponse(
    record(ctx, {
      kind: "reply",
      to: userId,
      messages: read.body.messages as Body[],
      retryKey: null,
      delivered: !blocked,
    }),
  );
}

export function botInfo(ctx: LineContext, request: EmulatorRequest): EmulatorResponse {
  const denied = authorize(ctx, request);
  if (denied) return denied;
  return jsonResponse(200, {
    userId: ctx.config.botUserId,
    basicId: "@123abcde",
    displayName: "Connect Deflect",
    chatMode: "bot",
    markAsReadMode: "manual",
  });
}

function record(
  ctx: LineContext,
  input: Omit<LineSentMessage, "requestId" | "sentMessages" | "images">,
): LineSentMessage {
  const sentMessages = input.messages.map(() => ({
    id: lineMessageId(),
    quoteToken: randomHex(24),
  }));
  const sent: LineSentMessage = { ...input, requestId: requestId(), sentMessages, images: [] };
  ctx.state.sent.push(sent);
  if (input.delivered) downloadImages(ctx.kit, input.messages, sent.images);
  return sent;
}

function sentResponse(sent: LineSentMessage): EmulatorResponse {
  return jsonResponse(
    200,
    { sentMessages: sent.sentMessages },
    { "x-line-request-id": sent.requestId },
  );
}
