import { randomBytes } from "node:crypto";
import { ENV } from "../../config/environment-names.ts";
import { startLineEmulator } from "../../emulators/line/index.ts";
import { startTelegramEmulator } from "../../emulators/telegram/index.ts";
import type { CustomerApp, Platform, PlatformOptions } from "./customer-apps.ts";
import { fileOf } from "./received-file.ts";

/** Telegram: the customer's handle is their user id, which is also their private chat's id. */
export async function startTelegram({ clock, route }: PlatformOptions): Promise<Platform> {
  const telegram = await startTelegramEmulator({ clock });
  const secret = randomBytes(16).toString("hex");
  const app: CustomerApp = {
    received: (userId) =>
      telegram.sent({ chatId: Number(userId) }).map((m) => ({
        text: String(m.result.text ?? m.result.caption ?? ""),
        ...(m.media ? { media: fileOf(m.media) } : {}),
        raw: { ...m.result },
      })),
    async send(userId, text) {
      return {
        status: (await telegram.customerSends({ userId: Number(userId), text })).delivery.status,
      };
    },
    // A bot may only write to someone who started it, here before the call.
    wroteEarlier: async (userId) => telegram.userStartedBot({ userId: Number(userId) }),
    sentCount: () => telegram.sent().length,
    idle: () => telegram.idle(),
  };
  return {
    apps: [["telegram", app]],
    env: {
      [ENV.telegramBotToken]: telegram.botToken,
      [ENV.telegramWebhookSecret]: secret,
      [ENV.telegramApiOrigin]: telegram.url,
    },
    // A bot's webhook is set through the Bot API itself (core.telegram.org/bots/api#setwebhook).
    subscribe: async () => {
      const set = await fetch(`${telegram.url}/bot${telegram.botToken}/setWebhook`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url: route("telegram"), secret_token: secret }),
      });
      return set.ok;
    },
    close: () => telegram.close(),
  };
}

/** LINE: the customer's handle is their user id (`U` and 32 hex digits). */
export async function startLine({ clock, route }: PlatformOptions): Promise<Platform> {
  const line = await startLineEmulator({ clock });
  line.setWebhookUrl(route("line"));
  const app: CustomerApp = {
    received: (userId) =>
      line.sent({ to: userId }).flatMap((sent) =>
        sent.messages.map((message, index) => {
          // An image reaches the user when their app downloads and shows it.
          const image = message.type === "image" ? sent.images[index] : undefined;
          return {
            text: String(message.text ?? ""),
            ...(image?.shown
              ? { media: fileOf({ ...image, sizeInBytes: image.sizeInBytes ?? 0 }) }
              : {}),
            raw: { ...message },
          };
        }),
      ),
    async send(userId, text) {
      return { status: (await line.customerSends({ userId, text })).delivery.status };
    },
    // Pushes reach only users who added the account as a friend: a follow event, as on LINE.
    wroteEarlier: async (userId) => {
      const followed = await fetch(`${line.url}/__emulator/follows`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ userId }),
      });
      await followed.arrayBuffer();
    },
    sentCount: () => line.sent().length,
    idle: () => line.idle(),
  };
  return {
    apps: [["line", app]],
    env: {
      [ENV.lineChannelSecret]: line.channelSecret,
      [ENV.lineChannelAccessToken]: line.channelAccessToken,
      [ENV.lineApiOrigin]: line.url,
    },
    subscribe: async () => (await line.verifyWebhook()).status === 200,
    close: () => line.close(),
  };
}
