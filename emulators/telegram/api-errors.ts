/**
 * Bot API answers: `{"ok":true,"result":…}` or `{"ok":false,"error_code","description",
 * "parameters"?}` with error_code as the HTTP status (core.telegram.org/bots/api#making-requests,
 * as quoted by grammY's and typegram's type docs). Descriptions follow the ones bots see
 * in practice (the TelegramBotAPI/errors collection); [unverified] where marked.
 */
import type { Fault } from "../shared-http/fault-injector.ts";
import { type EmulatorResponse, jsonResponse } from "../shared-http/http-types.ts";

export function telegramOk(result: unknown, description?: string): EmulatorResponse {
  return jsonResponse(200, { ok: true, result, ...(description ? { description } : {}) });
}

export function telegramError(
  code: number,
  description: string,
  parameters?: { retry_after?: number; migrate_to_chat_id?: number },
): EmulatorResponse {
  return jsonResponse(code, {
    ok: false,
    error_code: code,
    description,
    ...(parameters ? { parameters } : {}),
  });
}

export const telegramErrors = {
  notFound: () => telegramError(404, "Not Found"),
  unauthorized: () => telegramError(401, "Unauthorized"),
  badRequest: (what: string) => telegramError(400, `Bad Request: ${what}`),
  chatNotFound: () => telegramError(400, "Bad Request: chat not found"),
  wrongFile: () => telegramError(400, "Bad Request: wrong file identifier/HTTP URL specified"),
  cantInitiate: () => telegramError(403, "Forbidden: bot can't initiate conversation with a user"),
  blocked: () => telegramError(403, "Forbidden: bot was blocked by the user"),
  tooManyRequests: (retryAfter: number) =>
    telegramError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter }),
} as const;

export function renderTelegramFault(fault: Fault): EmulatorResponse {
  if (fault.status === 429) return telegramErrors.tooManyRequests(fault.retryAfterSeconds ?? 1);
  // [unverified] body of an outage; Telegram's front end may also answer 502 with HTML.
  return telegramError(
    fault.status,
    fault.status === 502 ? "Bad Gateway" : "Internal Server Error",
  );
}
