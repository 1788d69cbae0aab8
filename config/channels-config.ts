import { oneOf, optionalOrigin, optionalText, origin, requiredText } from "./env-values.ts";
import { ENV } from "./environment-names.ts";
import { processEnvironmentWithSecrets } from "./secret-environment.ts";
import { type ConfigOf, type Environment, group, loadSettings, setting } from "./setting.ts";

/**
 * The messenger platforms' settings. A platform is on when all its credentials are set, off
 * when none is, and half of them fails the cold start.
 */
export const CHANNEL_SETTINGS = {
  /** The origin the platforms call; a route's public URL is this + `/webhooks/<channel>`. */
  publicBaseUrl: setting(ENV.webhookPublicBaseUrl, origin),
  twilio: group("twilio", {
    accountSid: setting(ENV.twilioAccountSid, requiredText),
    authToken: setting(ENV.twilioAuthToken, requiredText),
    /** Our number (`+E164`); WhatsApp's is `whatsapp:+E164`. Or a Messaging Service. */
    smsFrom: setting(ENV.twilioSmsFrom, optionalText),
    whatsAppFrom: setting(ENV.twilioWhatsAppFrom, optionalText),
    messagingServiceSid: setting(ENV.twilioMessagingServiceSid, optionalText),
    apiOrigin: setting(ENV.twilioApiOrigin, optionalOrigin),
    /** Who answers SMS STOP/START/HELP: Twilio's built-in opt-out handling, or us. */
    smsKeywordReplies: setting(ENV.twilioSmsKeywordReplies, oneOf(["platform", "ours"])),
  }),
  meta: group("meta", {
    appSecret: setting(ENV.metaAppSecret, requiredText),
    verifyToken: setting(ENV.metaVerifyToken, requiredText),
    pageAccessToken: setting(ENV.metaPageAccessToken, requiredText),
    graphOrigin: setting(ENV.metaGraphOrigin, optionalOrigin),
    graphVersion: setting(ENV.metaGraphVersion, optionalText),
  }),
  x: group("x", {
    consumerKey: setting(ENV.xConsumerKey, requiredText),
    consumerSecret: setting(ENV.xConsumerSecret, requiredText),
    accessToken: setting(ENV.xAccessToken, requiredText),
    accessSecret: setting(ENV.xAccessSecret, requiredText),
    apiOrigin: setting(ENV.xApiOrigin, optionalOrigin),
  }),
  telegram: group("telegram", {
    botToken: setting(ENV.telegramBotToken, requiredText),
    webhookSecret: setting(ENV.telegramWebhookSecret, requiredText),
    apiOrigin: setting(ENV.telegramApiOrigin, optionalOrigin),
  }),
  line: group("line", {
    channelSecret: setting(ENV.lineChannelSecret, requiredText),
    channelAccessToken: setting(ENV.lineChannelAccessToken, requiredText),
    apiOrigin: setting(ENV.lineApiOrigin, optionalOrigin),
  }),
};

/**
 * The messenger platforms' credentials and the public webhook origin, which every function
 * that sends or receives messages needs (status callbacks point at the webhook routes).
 */
export type ChannelsConfig = ConfigOf<typeof CHANNEL_SETTINGS>;

/** Parses the channel settings; the webhook function reads the same ones. */
export function loadChannelsConfig(env: Environment): ChannelsConfig {
  return loadSettings("channel", CHANNEL_SETTINGS, env);
}

/** The channel settings of this process, from its environment. */
export function channelsConfigFromEnvironment(): ChannelsConfig {
  return loadChannelsConfig(process.env);
}

/** The channel settings, with the platforms' credentials from the deployment's secret. */
export async function channelsConfigFromEnvironmentWithSecrets(): Promise<ChannelsConfig> {
  return loadChannelsConfig(await processEnvironmentWithSecrets());
}
