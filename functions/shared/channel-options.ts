import type { LineChannelOptions } from "../../adapters/line/line-channel.ts";
import type { MetaMessengerChannelOptions } from "../../adapters/meta/meta-messenger-channel.ts";
import type { TelegramChannelOptions } from "../../adapters/telegram/telegram-channel.ts";
import type { TwilioChannelOptions } from "../../adapters/twilio/twilio-channel.ts";
import type { XDirectMessageChannelOptions } from "../../adapters/x/x-direct-message-channel.ts";
import type { ChannelsConfig } from "../../config/channels-config.ts";
import type { ChannelKind } from "../../core/channel.ts";
import type { Clock } from "../../core/ports/clock.ts";

/** Each configured channel's adapter options; a channel without credentials is absent. */
export interface ChannelOptions {
  readonly sms?: TwilioChannelOptions;
  readonly whatsapp?: TwilioChannelOptions;
  readonly messenger?: MetaMessengerChannelOptions;
  readonly x?: XDirectMessageChannelOptions;
  readonly telegram?: TelegramChannelOptions;
  readonly line?: LineChannelOptions;
}

/**
 * Turns the channel settings into adapter options, the same for a send-only adapter and a
 * full one (the send-only adapters take a part of the same options).
 */
export function channelOptions(config: ChannelsConfig, clock: Clock): ChannelOptions {
  const route = (kind: ChannelKind) => `${config.publicBaseUrl}/webhooks/${kind}`;
  const { twilio, meta, x, telegram, line } = config;
  const options: { -readonly [K in keyof ChannelOptions]: ChannelOptions[K] } = {};
  if (twilio) {
    const { smsFrom, whatsAppFrom, smsKeywordReplies: _, ...shared } = twilio;
    options.sms = {
      ...shared,
      ...(smsFrom ? { from: smsFrom } : {}),
      statusCallbackUrl: route("sms"),
      clock,
    };
    options.whatsapp = {
      ...shared,
      ...(whatsAppFrom ? { from: whatsAppFrom } : {}),
      statusCallbackUrl: route("whatsapp"),
      clock,
    };
  }
  if (meta) options.messenger = meta;
  if (x) {
    const { consumerKey, consumerSecret, accessToken, accessSecret, apiOrigin } = x;
    options.x = {
      credentials: { appKey: consumerKey, appSecret: consumerSecret, accessToken, accessSecret },
      ...(apiOrigin ? { apiOrigin } : {}),
    };
  }
  if (telegram) options.telegram = telegram;
  if (line) options.line = line;
  return options;
}
