/**
 * The Bot API as bots call it (core.telegram.org/bots/api): `/bot<token>/<method>` by GET
 * or POST, parameters in the query, a form or a JSON body; method names are
 * case-insensitive. Implemented: getMe, sendMessage, sendPhoto and sendDocument (by URL,
 * send-file.ts), sendChatAction, setWebhook, deleteWebhook, getWebhookInfo.
 */
import { readParameters } from "../shared-http/body-parsers.ts";
import type { EmulatorRequest, EmulatorResponse } from "../shared-http/http-types.ts";
import { telegramErrors, telegramOk } from "./api-errors.ts";
import { reachableChat } from "./reachable-chat.ts";
import { sendFile } from "./send-file.ts";
import { isValidSecretToken } from "./signature.ts";
import { privateChat, type TelegramContext } from "./telegram-context.ts";

const MAX_TEXT = 4096;
const PARSE_MODES = ["MarkdownV2", "HTML", "Markdown"];
// sendChatAction's actions (core.telegram.org/bots/api#sendchataction).
const CHAT_ACTIONS = [
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
];

type MethodHandler = (
  ctx: TelegramContext,
  params: Record<string, unknown>,
) => EmulatorResponse | Promise<EmulatorResponse>;

const METHODS: Record<string, MethodHandler> = {
  getme: (ctx) =>
    telegramOk({ ...ctx.state.bot, can_join_groups: true, supports_inline_queries: false }),
  sendmessage: sendMessage,
  sendphoto: (ctx, params) => sendFile(ctx, params, "photo"),
  senddocument: (ctx, params) => sendFile(ctx, params, "document"),
  sendchataction: sendChatAction,
  setwebhook: setWebhook,
  deletewebhook: (ctx) => {
    ctx.state.webhook = undefined;
    return telegramOk(true, "Webhook was deleted");
  },
  getwebhookinfo: (ctx) =>
    telegramOk({
      url: ctx.state.webhook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: 0,
      max_connections: 40,
    }),
};

/** Which operation a request is, for fault injection: the method name, lower-cased. */
export function operationOf(request: EmulatorRequest): string {
  return (request.params.method ?? "").toLowerCase();
}

export async function callMethod(
  ctx: TelegramContext,
  request: EmulatorRequest,
): Promise<EmulatorResponse> {
  const segment = request.params.botSegment ?? "";
  if (!segment.startsWith("bot")) return telegramErrors.notFound();
  if (segment.slice(3) !== ctx.state.token) return telegramErrors.unauthorized();
  const handler = METHODS[operationOf(request)];
  if (!handler) return telegramErrors.notFound();
  const params = readParameters(request);
  if (!params.ok) return telegramErrors.badRequest(params.error);
  return handler(ctx, params.params);
}

function sendMessage(ctx: TelegramContext, params: Record<string, unknown>): EmulatorResponse {
  const chatId = params.chat_id;
  if (chatId === undefined || chatId === "") return telegramErrors.badRequest("chat_id is empty");
  const text =
    typeof params.text === "string"
      ? params.text
      : params.text === undefined
        ? ""
        : String(params.text);
  if (text.trim().length === 0) return telegramErrors.badRequest("message text is empty");
  if (text.length > MAX_TEXT) return telegramErrors.badRequest("message is too long");
  const parseMode = params.parse_mode;
  if (parseMode !== undefined && !PARSE_MODES.includes(String(parseMode))) {
    return telegramErrors.badRequest(`unsupported parse_mode "${String(parseMode)}"`); // [unverified] wording
  }
  const chat = reachableChat(ctx, chatId);
  if ("status" in chat) return chat;
  const result = {
    message_id: chat.nextMessageId++,
    from: ctx.state.bot,
    chat: privateChat(chat.user),
    date: Math.floor(ctx.kit.clock.now() / 1000),
    text,
  };
  ctx.state.sent.push({ result, params });
  return telegramOk(result);
}

/**
 * The "typing…" status and its kin: shown for 5 s at most, or until the bot's next message.
 * Answers True; the emulator records the action so tests can see it.
 */
function sendChatAction(ctx: TelegramContext, params: Record<string, unknown>): EmulatorResponse {
  const chatId = params.chat_id;
  if (chatId === undefined || chatId === "") return telegramErrors.badRequest("chat_id is empty");
  const action = params.action === undefined ? "" : String(params.action);
  if (!CHAT_ACTIONS.includes(action)) {
    return telegramErrors.badRequest("wrong parameter action in request"); // [unverified] wording
  }
  // [unverified] that a chat action to a user who never started the bot fails as a message does.
  const chat = reachableChat(ctx, chatId);
  if ("status" in chat) return chat;
  ctx.state.chatActions.push({ chatId: chat.user.id, action, at: ctx.kit.clock.now() });
  return telegramOk(true);
}

function setWebhook(ctx: TelegramContext, params: Record<string, unknown>): EmulatorResponse {
  const url = typeof params.url === "string" ? params.url : "";
  if (url === "") {
    ctx.state.webhook = undefined;
    return telegramOk(true, "Webhook was deleted");
  }
  const secret = params.secret_token === undefined ? undefined : String(params.secret_token);
  if (secret !== undefined && !isValidSecretToken(secret)) {
    return telegramErrors.badRequest("secret token contains unallowed characters"); // [unverified] wording
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return telegramErrors.badRequest("invalid webhook URL specified");
  }
  // Telegram requires HTTPS; plain HTTP is allowed here for loopback only, for local tests.
  const loopback = parsed.hostname === "127.0.0.1" || parsed.hostname === "localhost";
  if (parsed.protocol !== "https:" && !loopback) {
    return telegramErrors.badRequest("bad webhook: An HTTPS URL must be provided for webhook");
  }
  ctx.state.webhook = { url, secretToken: secret };
  return telegramOk(true, "Webhook was set");
}
