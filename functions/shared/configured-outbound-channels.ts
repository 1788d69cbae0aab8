import { LineOutbound } from "../../adapters/line/line-outbound.ts";
import { MetaMessengerOutbound } from "../../adapters/meta/meta-messenger-outbound.ts";
import { TelegramOutbound } from "../../adapters/telegram/telegram-outbound.ts";
import {
  TwilioSmsOutbound,
  TwilioWhatsAppOutbound,
} from "../../adapters/twilio/twilio-outbound.ts";
import { XDirectMessageOutbound } from "../../adapters/x/x-direct-message-outbound.ts";
import type { ChannelsConfig } from "../../config/channels-config.ts";
import type { ChannelKind } from "../../core/channel.ts";
import type { OutboundChannel } from "../../core/ports/messenger-channel.ts";
import { type ChannelWiring, channelOptions } from "./channel-options.ts";

/**
 * The channels that have credentials in the configuration, send-only: deflect and the relay
 * send, so they carry no webhook parser and no SDK that only a parser uses.
 */
export function configuredOutboundChannels(
  config: ChannelsConfig,
  wiring: ChannelWiring,
): Map<ChannelKind, OutboundChannel> {
  const { sms, whatsapp, messenger, x, telegram, line } = channelOptions(config, wiring);
  const channels = new Map<ChannelKind, OutboundChannel>();
  if (sms) channels.set("sms", new TwilioSmsOutbound(sms));
  if (whatsapp) channels.set("whatsapp", new TwilioWhatsAppOutbound(whatsapp));
  if (messenger) channels.set("messenger", new MetaMessengerOutbound(messenger));
  if (x) channels.set("x", new XDirectMessageOutbound(x));
  if (telegram) channels.set("telegram", new TelegramOutbound(telegram));
  if (line) channels.set("line", new LineOutbound(line));
  return channels;
}
