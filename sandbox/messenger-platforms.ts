import { randomBytes } from "node:crypto";
import { joinHalves } from "../adapters/channel/join-halves.ts";
import { XDirectMessageReceiver } from "../adapters/x/inbound.ts";
import { XDirectMessageSender } from "../adapters/x/send.ts";
import { ENV } from "../config/environment-names.ts";
import type { ChannelKind } from "../core/channel.ts";
import type { MessengerChannel } from "../core/ports/messenger-channel.ts";
import { startLineEmulator } from "../emulators/line/index.ts";
import { startMetaEmulator } from "../emulators/meta/index.ts";
import type { SteppableClock } from "../emulators/shared-http/clock.ts";
import { startTelegramEmulator } from "../emulators/telegram/index.ts";
import { startXEmulator } from "../emulators/x/index.ts";

/**
 * The messenger platforms beside Twilio, each the project's emulator of it: Meta (Messenger),
 * X, Telegram and LINE, with the settings that configure the product for them, as a
 * deployment sets them. `connect` registers the webhook function's callbacks as each
 * platform's console or API does, and runs the checks they make when it is saved.
 */
export async function startMessengerPlatforms(options: { clock: SteppableClock }) {
  const { clock } = options;
  // Echoes of the page's own sends and delivery events, as on a live page.
  const meta = await startMetaEmulator({ clock, echoes: true, deliveryEvents: true });
  const x = await startXEmulator({ clock, echoOwnSends: true });
  const telegram = await startTelegramEmulator({ clock });
  const line = await startLineEmulator({ clock });
  const telegramSecret = randomBytes(16).toString("hex");
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = x.credentials;
  return {
    meta,
    x,
    telegram,
    line,
    /** The webhook, deflect, resume and relay settings for the four platforms. */
    env: {
      [ENV.metaAppSecret]: meta.appSecret,
      [ENV.metaVerifyToken]: meta.verifyToken,
      [ENV.metaPageAccessToken]: meta.pageAccessToken,
      [ENV.metaGraphOrigin]: meta.url,
      [ENV.xConsumerKey]: consumerKey,
      [ENV.xConsumerSecret]: consumerSecret,
      [ENV.xAccessToken]: accessToken,
      [ENV.xAccessSecret]: accessTokenSecret,
      [ENV.xApiOrigin]: x.url,
      [ENV.telegramBotToken]: telegram.botToken,
      [ENV.telegramWebhookSecret]: telegramSecret,
      [ENV.telegramApiOrigin]: telegram.url,
      [ENV.lineChannelSecret]: line.channelSecret,
      [ENV.lineChannelAccessToken]: line.channelAccessToken,
      [ENV.lineApiOrigin]: line.url,
    } as Record<string, string>,
    /**
     * The X emulator's certificate is self-signed and the configuration has no setting to
     * trust it (only NODE_EXTRA_CA_CERTS, at process start): the same adapter, with an agent
     * that trusts it, replaces the configured one.
     */
    overrideChannels(channels: Map<ChannelKind, MessengerChannel>): void {
      const credentials = {
        appKey: consumerKey,
        appSecret: consumerSecret,
        accessToken,
        accessSecret: accessTokenSecret,
      };
      const sender = new XDirectMessageSender({
        credentials,
        apiOrigin: x.url,
        httpsAgent: x.httpsAgent(),
      });
      channels.set("x", joinHalves(sender, new XDirectMessageReceiver({ consumerSecret })));
    },
    /** Points each platform at the webhook function; throws when a platform's check fails. */
    async connect(webhookBaseUrl: string): Promise<void> {
      const route = (kind: ChannelKind) => `${webhookBaseUrl}/webhooks/${kind}`;
      meta.setWebhookUrl(route("messenger"));
      x.setWebhookUrl(route("x"));
      line.setWebhookUrl(route("line"));
      // A bot's webhook is set through the Bot API itself (core.telegram.org/bots/api#setwebhook).
      const set = await fetch(`${telegram.url}/bot${telegram.botToken}/setWebhook`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url: route("telegram"), secret_token: telegramSecret }),
      });
      const checks = {
        messenger: (await meta.verifySubscription()).ok,
        x: (await x.crcCheck()).ok,
        telegram: set.ok,
        line: (await line.verifyWebhook()).status === 200,
      };
      const failed = Object.entries(checks).filter(([, ok]) => !ok);
      if (failed.length > 0) {
        throw new Error(`the webhook function failed ${failed.map(([k]) => k).join(", ")}'s check`);
      }
    },
    async close(): Promise<void> {
      await Promise.all([meta.close(), x.close(), telegram.close(), line.close()]);
    },
  };
}

export type MessengerPlatforms = Awaited<ReturnType<typeof startMessengerPlatforms>>;
