import { LineChannel } from "../../adapters/line/line-channel.ts";
import { MetaMessengerChannel } from "../../adapters/meta/meta-messenger-channel.ts";
import { TelegramChannel } from "../../adapters/telegram/telegram-channel.ts";
import { TwilioSmsChannel, TwilioWhatsAppChannel } from "../../adapters/twilio/twilio-channel.ts";
import { answerXCrc, parseXEvents, verifyXSignature } from "../../adapters/x/inbound.ts";
import { X_DIRECT_MESSAGE_RULES } from "../../adapters/x/rules.ts";
import type { ChannelsConfig } from "../../config/channels-config.ts";
import type { ChannelKind } from "../../core/channel.ts";
import type { WebhookChannel } from "../../core/inbound/process-webhook.ts";
import { type ChannelWiring, channelOptions } from "./channel-options.ts";

/**
 * The channels that have credentials in the configuration, as the webhook function takes
 * them: verify and parse only; the others answer 404. It never sends, so X comes without its
 * sender and the twitter-api-v2 the sender loads (infra/function-bundling.test.ts checks).
 */
export function configuredWebhookChannels(
  config: ChannelsConfig,
  wiring: ChannelWiring,
): Map<ChannelKind, WebhookChannel> {
  const { sms, whatsapp, messenger, telegram, line } = channelOptions(config, wiring);
  const channels = new Map<ChannelKind, WebhookChannel>();
  if (sms) channels.set("sms", new TwilioSmsChannel(sms));
  if (whatsapp) channels.set("whatsapp", new TwilioWhatsAppChannel(whatsapp));
  if (messenger) channels.set("messenger", new MetaMessengerChannel(messenger));
  if (config.x) channels.set("x", xWebhookChannel(config.x.consumerSecret));
  if (telegram) channels.set("telegram", new TelegramChannel(telegram));
  if (line) channels.set("line", new LineChannel(line));
  return channels;
}

/**
 * X's receiving half: the CRC handshake (GET) and signed Account Activity events (POST), as
 * XDirectMessageChannel takes them. adapters/x offers no inbound-only class yet, and the full
 * one extends the sender.
 */
function xWebhookChannel(consumerSecret: string): WebhookChannel {
  return {
    kind: "x",
    provider: "x",
    rules: X_DIRECT_MESSAGE_RULES,
    async verifyAndParse(request) {
      if (request.method === "GET") return answerXCrc(consumerSecret, request);
      verifyXSignature(consumerSecret, request);
      return { kind: "events", messages: parseXEvents(request.rawBody), statuses: [] };
    },
  };
}
