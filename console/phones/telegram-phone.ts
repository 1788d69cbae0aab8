import type { TelegramEmulator } from "../../emulators/telegram/index.ts";
import { inbound, jsonBody, type PhonePlatform, sendTimes, ThreadBook } from "./phone-platform.ts";

/** A webhook's Update (core.telegram.org/bots/api#update), as far as the phone reads it. */
interface TelegramUpdate {
  readonly message?: {
    readonly message_id?: number;
    readonly from?: { readonly id?: number };
    readonly text?: string;
  };
}

/** The Bot API's sending methods whose messages the emulator records. */
const SENDS = ["sendmessage", "sendphoto", "senddocument", "sendvideo", "sendaudio", "sendvoice"];

/**
 * Telegram through the Bot API emulator: the bot's messages (the Bot API has no delivery
 * receipts, so each stays "sent") and the user's messages (webhook updates with the secret
 * token header). The emulator's user writes text only.
 */
export function telegramPhone(telegram: TelegramEmulator): PhonePlatform {
  return {
    channels: ["telegram"],
    noFiles:
      "the Telegram emulator's user writes text only (and the product reads only text from Telegram)",
    threads() {
      const book = new ThreadBook();
      const sent = telegram.sent();
      const times = sendTimes(telegram.requests.list(), SENDS);
      for (const [index, message] of sent.entries()) {
        const result = message.result as {
          message_id?: number;
          date?: number;
          chat?: { id?: number };
          text?: string;
          caption?: string;
          photo?: unknown;
          document?: { mime_type?: string };
        };
        const file = result.document?.mime_type ?? (result.photo ? "photo" : undefined);
        book.add(
          { channel: "telegram", handle: String(result.chat?.id ?? "") },
          {
            id: `bot-${result.message_id ?? index}`,
            direction: "out",
            // The result's date has whole seconds only; the request's time is exact.
            at: times[index] ?? (result.date ?? 0) * 1000,
            text: result.text ?? result.caption ?? "",
            status: "sent",
            attachments: file ? [{ contentType: file }] : [],
          },
        );
      }
      for (const delivery of telegram.webhooks.list({ kind: "message" })) {
        const message = jsonBody<TelegramUpdate>(delivery)?.message;
        if (message?.from?.id === undefined) continue;
        const id = `user-${message.from.id}-${message.message_id ?? delivery.id}`;
        book.add(
          { channel: "telegram", handle: String(message.from.id) },
          inbound(delivery, { id, text: message.text ?? "" }),
        );
      }
      return book.threads();
    },
    async send({ handle, text }) {
      const result = await telegram.customerSends({ userId: Number(handle), text });
      return { webhookStatus: result.delivery.status ?? null };
    },
  };
}
