import { LineChannel } from "../../adapters/line/line-channel.ts";
import { MetaMessengerChannel } from "../../adapters/meta/meta-messenger-channel.ts";
import { TelegramChannel } from "../../adapters/telegram/telegram-channel.ts";
import { TwilioSmsChannel, TwilioWhatsAppChannel } from "../../adapters/twilio/twilio-channel.ts";
import { XDirectMessageChannel } from "../../adapters/x/x-direct-message-channel.ts";
import type { ChannelsConfig } from "../../config/channels-config.ts";
import type { ChannelKind } from "../../core/channel.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type { MessengerChannel } from "../../core/ports/messenger-channel.ts";

/** The channels that have credentials in the configuration; the others answer 404. */
export function configuredChannels(
  config: ChannelsConfig,
  clock: Clock,
): Map<ChannelKind, MessengerChannel> {
  const channels = new Map<ChannelKind, MessengerChannel>();
  const route = (kind: ChannelKind) => `${config.publicBaseUrl}/webhooks/${kind}`;
  const { twilio, meta, x, telegram, line } = config;
  if (twilio) {
    const { smsFrom, whatsAppFrom, smsKeywordReplies: _, ...shared } = twilio;
    const sms = { ...shared, ...(smsFrom ? { from: smsFrom } : {}) };
    const whatsApp = { ...shared, ...(whatsAppFrom ? { from: whatsAppFrom } : {}) };
    channels.set("sms", new TwilioSmsChannel({ ...sms, statusCallbackUrl: route("sms"), clock }));
    channels.set(
      "whatsapp",
      new TwilioWhatsAppChannel({ ...whatsApp, statusCallbackUrl: route("whatsapp"), clock }),
    );
  }
  if (meta) channels.set("messenger", new MetaMessengerChannel(meta));
  if (x) {
    const { consumerKey, consumerSecret, accessToken, accessSecret, apiOrigin } = x;
    const credentials = {
      appKey: consumerKey,
      appSecret: consumerSecret,
      accessToken,
      accessSecret,
    };
    channels.set(
      "x",
      new XDirectMessageChannel({ credentials, ...(apiOrigin ? { apiOrigin } : {}) }),
    );
  }
  if (telegram) channels.set("telegram", new TelegramChannel(telegram));
  if (line) channels.set("line", new LineChannel(line));
  return channels;
}
