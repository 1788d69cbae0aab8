import { joinHalves } from "../../adapters/channel/join-halves.ts";
import type { LineReceiver } from "../../adapters/line/inbound.ts";
import type { LineSender } from "../../adapters/line/send.ts";
import type { MetaMessengerReceiver } from "../../adapters/meta/inbound.ts";
import type { MetaMessengerSender } from "../../adapters/meta/send.ts";
import type { TelegramReceiver } from "../../adapters/telegram/inbound.ts";
import type { TelegramSender } from "../../adapters/telegram/send.ts";
import type { TwilioReceiver } from "../../adapters/twilio/inbound.ts";
import type { TwilioSender } from "../../adapters/twilio/send.ts";
import type { XDirectMessageReceiver } from "../../adapters/x/inbound.ts";
import type { XDirectMessageSender } from "../../adapters/x/send.ts";
import type { ChannelsConfig } from "../../config/channels-config.ts";
import type { ChannelKind } from "../../core/channel.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type {
  InboundChannel,
  MessengerChannel,
  OutboundChannel,
} from "../../core/ports/messenger-channel.ts";
import { logRetries, type RetryLogger } from "./retry-log.ts";

/**
 * Each vendor's sending half, from its send.ts. A function names the halves it uses, so its
 * bundle carries only their code and SDKs (infra/vendor-sdk-bundles.test.ts checks).
 */
export interface ChannelSenders {
  readonly twilio: typeof TwilioSender;
  readonly meta: typeof MetaMessengerSender;
  readonly x: typeof XDirectMessageSender;
  readonly telegram: typeof TelegramSender;
  readonly line: typeof LineSender;
}

/** Each vendor's receiving half (verify + parse), from its inbound.ts. */
export interface ChannelReceivers {
  readonly twilio: typeof TwilioReceiver;
  readonly meta: typeof MetaMessengerReceiver;
  readonly x: typeof XDirectMessageReceiver;
  readonly telegram: typeof TelegramReceiver;
  readonly line: typeof LineReceiver;
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

type Halves = { sender?: OutboundChannel | undefined; receiver?: InboundChannel | undefined };

/**
 * The channels that have credentials in the configuration, made of the halves the function
 * passes: senders only (deflect, resume notices, the relay), receivers only (webhooks, where
 * the others answer 404), or both (the sandbox and the journeys).
 */
export function channelsFrom(
  config: ChannelsConfig,
  wiring: ChannelWiring & { senders: ChannelSenders; receivers: ChannelReceivers },
): Map<ChannelKind, MessengerChannel>;
export function channelsFrom(
  config: ChannelsConfig,
  wiring: ChannelWiring & { senders: ChannelSenders },
): Map<ChannelKind, OutboundChannel>;
export function channelsFrom(
  config: ChannelsConfig,
  wiring: ChannelWiring & { receivers: ChannelReceivers },
): Map<ChannelKind, InboundChannel>;
export function channelsFrom(
  config: ChannelsConfig,
  wiring: Parts,
): Map<ChannelKind, OutboundChannel | InboundChannel> {
  const channels = new Map<ChannelKind, OutboundChannel | InboundChannel>();
  for (const [kind, { sender, receiver }] of halvesOf(config, wiring)) {
    const channel = sender && receiver ? joinHalves(sender, receiver) : (sender ?? receiver);
    if (channel) channels.set(kind, channel);
  }
  return channels;
}

type Parts = ChannelWiring & { senders?: ChannelSenders; receivers?: ChannelReceivers };

/** Each configured channel's halves, built from the settings; a half not asked for is absent. */
function halvesOf(config: ChannelsConfig, wiring: Parts): Map<ChannelKind, Halves> {
  const { meta, x, telegram, line } = config;
  const { senders: send, receivers: receive } = wiring;
  const { retry, bounds } = sendBounds(wiring);
  const halves = new Map<ChannelKind, Halves>(twilioHalves(config, wiring, retry));
  if (meta) {
    halves.set("messenger", {
      sender: send && new send.meta({ ...meta, ...bounds }),
      receiver: receive && new receive.meta(meta),
    });
  }
  if (x) {
    const { consumerKey, consumerSecret, accessToken, accessSecret, apiOrigin } = x;
    const credentials = {
      appKey: consumerKey,
      appSecret: consumerSecret,
      accessToken,
      accessSecret,
    };
    halves.set("x", {
      sender: send && new send.x({ credentials, ...(apiOrigin ? { apiOrigin } : {}), ...bounds }),
      receiver: receive && new receive.x({ consumerSecret }),
    });
  }
  if (telegram) {
    halves.set("telegram", {
      sender: send && new send.telegram({ ...telegram, ...bounds }),
      receiver: receive && new receive.telegram(telegram),
    });
  }
  if (line) {
    halves.set("line", {
      sender: send && new send.line({ ...line, ...bounds }),
      receiver: receive && new receive.line(line),
    });
  }
  return halves;
}

/** Retry tracing and the send limits, as the senders take them. */
function sendBounds({ logger, sendLimits }: ChannelWiring) {
  const retry = {
    ...(logger ? { onRetry: logRetries(logger) } : {}),
    ...(sendLimits ? { budgetMs: sendLimits.budgetMs } : {}),
  };
  return { retry, bounds: { retry, ...(sendLimits ? { timeoutMs: sendLimits.timeoutMs } : {}) } };
}

/** SMS and WhatsApp share Twilio's account; each has its own number and status route. */
function twilioHalves(
  config: ChannelsConfig,
  wiring: Parts,
  retry: ReturnType<typeof sendBounds>["retry"],
): [ChannelKind, Halves][] {
  const { twilio, publicBaseUrl } = config;
  if (!twilio) return [];
  const { senders: send, receivers: receive, clock } = wiring;
  const { smsFrom, whatsAppFrom, smsKeywordReplies: _, ...shared } = twilio;
  const numbers = { sms: smsFrom, whatsapp: whatsAppFrom };
  return (["sms", "whatsapp"] as const).map((kind) => {
    const from = numbers[kind];
    // Twilio's sender takes no per-attempt timeout: it keeps its own (3 s).
    const options = { ...shared, ...(from ? { from } : {}), retry };
    const statusCallbackUrl = `${publicBaseUrl}/webhooks/${kind}`;
    return [
      kind,
      {
        sender: send && new send.twilio(kind, { ...options, statusCallbackUrl }),
        receiver: receive && new receive.twilio(kind, { authToken: twilio.authToken, clock }),
      },
    ];
  });
}
