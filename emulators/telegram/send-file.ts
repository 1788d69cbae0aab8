/**
 * sendPhoto and sendDocument with the file given as an HTTP URL, which Telegram downloads
 * before it answers: "5 MB max size for photos and 20 MB max for other types of content", and
 * "sendDocument with URL will currently only work for GIF, PDF and ZIP files"
 * (core.telegram.org/bots/api#sending-files). The refusals are the descriptions bots see
 * (tdlib/telegram-bot-api#782, teloxide#538 and #540): "failed to get HTTP URL content",
 * "wrong type of the web page content", "wrong file identifier/HTTP URL specified"
 * [unverified: which of them Telegram gives for a file over the size limit].
 */
import type { EmulatorResponse } from "../shared-http/http-types.ts";
import { fetchLinkedMedia, type LinkedMedia } from "../shared-http/linked-media.ts";
import { randomHex } from "../shared-http/random-ids.ts";
import { telegramErrors, telegramOk } from "./api-errors.ts";
import { imageSize } from "./image-size.ts";
import { reachableChat } from "./reachable-chat.ts";
import { privateChat, type TelegramContext } from "./telegram-context.ts";

const MB = 1024 * 1024;
const MAX_CAPTION = 1024;
const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];
const DOCUMENT_BY_URL_TYPES = ["image/gif", "application/pdf", "application/zip"];

type FileMethod = "photo" | "document";

/** sendPhoto (`photo`) or sendDocument (`document`), the file named by URL. */
export async function sendFile(
  ctx: TelegramContext,
  params: Record<string, unknown>,
  method: FileMethod,
): Promise<EmulatorResponse> {
  const chatId = params.chat_id;
  if (chatId === undefined || chatId === "") return telegramErrors.badRequest("chat_id is empty");
  const caption = params.caption === undefined ? undefined : String(params.caption);
  if (caption !== undefined && caption.length > MAX_CAPTION) {
    return telegramErrors.badRequest("message caption is too long");
  }
  const chat = reachableChat(ctx, chatId);
  if ("status" in chat) return chat;
  const source = typeof params[method] === "string" ? String(params[method]) : "";
  // Not a URL: a file_id, and the emulator has issued none to send again.
  if (!/^https?:\/\//i.test(source)) return telegramErrors.wrongFile();
  const fetched = await fetchLinkedMedia(source, {
    maxBytes: method === "photo" ? 5 * MB : 20 * MB,
  });
  const refusal = refusalFor(fetched, method);
  if (refusal || !fetched.ok) return refusal ?? telegramErrors.wrongFile();
  const result = {
    message_id: chat.nextMessageId++,
    from: ctx.state.bot,
    chat: privateChat(chat.user),
    date: Math.floor(ctx.kit.clock.now() / 1000),
    ...(method === "photo" ? { photo: [photoSize(fetched)] } : { document: document(fetched) }),
    ...(caption ? { caption } : {}),
  };
  const media = { url: source, contentType: fetched.contentType, sizeInBytes: fetched.sizeInBytes };
  ctx.state.sent.push({ result, params, media });
  return telegramOk(result);
}

function refusalFor(fetched: LinkedMedia, method: FileMethod): EmulatorResponse | undefined {
  if (!fetched.ok) {
    return fetched.failure === "too-large"
      ? telegramErrors.wrongFile()
      : telegramErrors.badRequest("failed to get HTTP URL content");
  }
  const types = method === "photo" ? PHOTO_TYPES : DOCUMENT_BY_URL_TYPES;
  if (!types.includes(fetched.contentType)) {
    return telegramErrors.badRequest("wrong type of the web page content");
  }
  return undefined;
}

function fileIds() {
  return { file_id: `AgAC${randomHex(24)}`, file_unique_id: `AQAD${randomHex(6)}` };
}

/** One PhotoSize, the original: Telegram also makes smaller ones, which are left out here. */
function photoSize(file: { bytes: Buffer; sizeInBytes: number }) {
  return { ...fileIds(), ...imageSize(file.bytes), file_size: file.sizeInBytes };
}

function document(file: { fileName: string; contentType: string; sizeInBytes: number }) {
  return {
    ...fileIds(),
    file_name: file.fileName,
    mime_type: file.contentType,
    file_size: file.sizeInBytes,
  };
}
