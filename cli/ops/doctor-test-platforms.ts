import { ENV } from "../../config/environment-names.ts";
import { startLineEmulator } from "../../emulators/line/index.ts";
import { startMetaEmulator } from "../../emulators/meta/index.ts";
import { startTelegramEmulator } from "../../emulators/telegram/index.ts";
import { startTwilioEmulator } from "../../emulators/twilio/index.ts";
import { startXEmulator } from "../../emulators/x/index.ts";
import type { PlatformAccess } from "./check-platforms.ts";

/**
 * Every messenger platform's emulator, the channel secret's values that their credentials
 * make (with the resume token key), and how the doctor reaches them.
 */
export async function startPlatforms(options: { twilioSuspended?: boolean } = {}) {
  const twilio = await startTwilioEmulator(
    options.twilioSuspended ? { accountStatus: "suspended" } : {},
  );
  const meta = await startMetaEmulator();
  const x = await startXEmulator();
  const telegram = await startTelegramEmulator();
  const line = await startLineEmulator();
  const secretValues: Record<string, string> = {
    [ENV.resumeTokenKey]: Buffer.alloc(32, 1).toString("base64"),
    [ENV.twilioAccountSid]: twilio.accountSid,
    [ENV.twilioAuthToken]: twilio.authToken,
    [ENV.metaAppSecret]: meta.appSecret,
    [ENV.metaVerifyToken]: meta.verifyToken,
    [ENV.metaPageAccessToken]: meta.pageAccessToken,
    [ENV.xConsumerKey]: x.credentials.consumerKey,
    [ENV.xConsumerSecret]: x.credentials.consumerSecret,
    [ENV.xAccessToken]: x.credentials.accessToken,
    [ENV.xAccessSecret]: x.credentials.accessTokenSecret,
    [ENV.telegramBotToken]: telegram.botToken,
    [ENV.telegramWebhookSecret]: "telegram-webhook-secret",
    [ENV.lineChannelSecret]: line.channelSecret,
    [ENV.lineChannelAccessToken]: line.channelAccessToken,
  };
  const access: PlatformAccess = {
    origins: {
      twilio: twilio.url,
      meta: meta.url,
      x: x.url,
      telegram: telegram.url,
      line: line.url,
    },
    xHttpsAgent: x.httpsAgent(),
  };
  return {
    secretValues,
    access,
    close: async () => {
      for (const emulator of [twilio, meta, x, telegram, line]) await emulator.close();
    },
  };
}
