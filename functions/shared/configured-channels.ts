import { LineChannel } from "../../adapters/line/line-channel.ts";
import { MetaMessengerChannel } from "../../adapters/meta/meta-messenger-channel.ts";
import { TelegramChannel } from "../../adapters/telegram/telegram-channel.ts";
import { TwilioSmsChannel, TwilioWhatsAppChannel } from "../../adapters/twilio/twilio-channel.ts";
import { XDirectMessageChannel } from "../../adapters/x/x-direct-message-channel.ts";
import type { ChannelsConfig } from "../../config/channels-config.ts";
import type { ChannelKind } from "../../core/channel.ts";
import type { MessengerChannel } from "../../core/ports/messenger-channel.ts";
import { type ChannelWiring, channelOptions } from "./channel-options.ts";

/**
 * The channels that have credentials in the configuration, each able to send and to take its
 * webhooks: one set of adapters for a world that does both (the sandbox). The webhook
 * function itself takes configuredWebhookChannels, which never send.
 */
export function configuredChannels(
  config: ChannelsConfig,
  wiring: ChannelWiring,
): Map<ChannelKind, MessengerChannel> {
  const { sms, whatsapp, messenger, x, telegram, line } = channelOptions(config, wiring);
  const channels = new Map<ChannelKind, MessengerChannel>();
  if (sms) channels.set("sms", new TwilioSmsChannel(sms));
  if (whatsapp) channels.set("whatsapp", new TwilioWhatsAppChannel(whatsapp));
  if (messenger) channels.set("messenger", new MetaMessengerChannel(messenger));
  if (x) channels.set("x", new XDirectMessageChannel(x));
  if (telegram) channels.set("telegram", new TelegramChannel(telegram));
  if (line) channels.set("line", new LineChannel(line));
  return channels;
}
