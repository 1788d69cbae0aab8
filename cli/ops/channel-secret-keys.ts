import { ENV, type EnvName } from "../../config/environment-names.ts";
import type { ChannelKind } from "../../core/channel.ts";

/** The messenger platforms whose credentials live in the channel secret. */
export type Platform = "twilio" | "meta" | "x" | "telegram" | "line";

/** Which platform carries each channel. A Record, so a new channel cannot be left out. */
export const CHANNEL_PLATFORM: Readonly<Record<ChannelKind, Platform>> = {
  sms: "twilio",
  whatsapp: "twilio",
  messenger: "meta",
  x: "x",
  telegram: "telegram",
  line: "line",
};

/** The keys a platform needs all of (config/webhooks-config.ts turns a channel on with them). */
export const PLATFORM_SECRET_KEYS: Readonly<Record<Platform, readonly EnvName[]>> = {
  twilio: [ENV.twilioAccountSid, ENV.twilioAuthToken],
  meta: [ENV.metaAppSecret, ENV.metaVerifyToken, ENV.metaPageAccessToken],
  x: [ENV.xConsumerKey, ENV.xConsumerSecret, ENV.xAccessToken, ENV.xAccessSecret],
  telegram: [ENV.telegramBotToken, ENV.telegramWebhookSecret],
  line: [ENV.lineChannelSecret, ENV.lineChannelAccessToken],
};

/** Every installation needs it: resume and the relay seal chat tokens with it. */
export const ALWAYS_NEEDED: readonly EnvName[] = [ENV.resumeTokenKey];

export const PLATFORMS = Object.keys(PLATFORM_SECRET_KEYS) as Platform[];
