import type { LineChannelOptions } from "../../adapters/line/line-channel.ts";
import type { MetaMessengerChannelOptions } from "../../adapters/meta/meta-messenger-channel.ts";
import type { TelegramChannelOptions } from "../../adapters/telegram/telegram-channel.ts";
import type { TwilioChannelOptions } from "../../adapters/twilio/twilio-channel.ts";
import type { XDirectMessageChannelOptions } from "../../adapters/x/x-direct-message-channel.ts";
import type { ChannelsConfig } from "../../config/channels-config.ts";
import type { ChannelKind } from "../../core/channel.ts";
import type { Clock } from "../../core/ports/clock.ts";
import { logRetries, type RetryLogger } from "./retry-log.ts";

/** Each configured channel's adapter options; a channel without credentials is absent. */
export interface ChannelOptions {
  readonly sms?: TwilioChannelOptions;
  readonly whatsapp?: TwilioChannelOptions;
  readonly messenger?: MetaMessengerChannelOptions;
  readonly x?: XDirectMessageChannelOptions;
  readonly telegram?: TelegramChannelOptions;
  readonly line?: LineChannelOptions;
}

/** How long one send may take, where someone waits on it (a contact flow). */
export interface SendLimits {
  /** Each attempt's timeout, the answer's body included. */
  readonly timeoutMs: number;
  /** No retry starts after this; with `timeoutMs` it bounds the whole send. */
  readonly budgetMs: number;
}

/** What a function gives its channels besides their credentials. */
export interface ChannelWiring {
  readonly clock: Clock;
  /** Every retry of a vendor call leaves a line here. */
  readonly logger?: RetryLogger;
  /** Unset, the adapters' own timeouts and retry bounds apply. */
  readonly sendLimits?: SendLimits;
}

/**
 * Turns the channel settings into adapter options, the same for a send-only adapter and a
 * full one (the send-only adapters take a part of the same options).
 */
export function channelOptions(config: ChannelsConfig, wiring: ChannelWiring): ChannelOptions {
  const route = (kind: ChannelKind) => `${config.publicBaseUrl}/webhooks/${kind}`;
  const { twilio, meta, x, telegram, line } = config;
  const { clock, logger, sendLimits } = wiring;
  const retry = {
    ...(logger ? { onRetry: logRetries(logger) } : {}),
    ...(sendLimits ? { budgetMs: sendLimits.budgetMs } : {}),
  };
  // Twilio's sender takes no per-attempt timeout: it keeps its own (3 s).
  const bounds = { retry, ...(sendLimits ? { timeoutMs: sendLimits.timeoutMs } : {}) };
  const options: { -readonly [K in keyof ChannelOptions]: ChannelOptions[K] } = {};
  if (twilio) {
    const { smsFrom, whatsAppFrom, smsKeywordReplies: _, ...shared } = twilio;
    options.sms = {
      ...shared,
      ...(smsFrom ? { from: smsFrom } : {}),
      statusCallbackUrl: route("sms"),
      clock,
      retry,
    };
    options.whatsapp = {
      ...shared,
      ...(whatsAppFrom ? { from: whatsAppFrom } : {}),
      statusCallbackUrl: route("whatsapp"),
      clock,
      retry,
    };
  }
  if (meta) options.messenger = { ...meta, ...bounds };
  if (x) {
    const { consumerKey, consumerSecret, accessToken, accessSecret, apiOrigin } = x;
    options.x = {
      credentials: { appKey: consumerKey, appSecret: consumerSecret, accessToken, accessSecret },
      ...(apiOrigin ? { apiOrigin } : {}),
      ...bounds,
    };
  }
  if (telegram) options.telegram = { ...telegram, ...bounds };
  if (line) options.line = { ...line, ...bounds };
  return options;
}
