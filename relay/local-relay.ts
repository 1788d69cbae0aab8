import type { RelayConfig } from "../config/relay-config.ts";
import type { ChannelKind } from "../core/channel.ts";
import type { ChatNotices } from "../core/ports/chat-notices.ts";
import type { Clock } from "../core/ports/clock.ts";
import type { OutboundChannel } from "../core/ports/messenger-channel.ts";
import type { ChatItem } from "../core/relay/chat-item.ts";
import { relayChatItem } from "../core/relay/relay-chat-item.ts";
import type { RelayOutcome } from "../core/relay/relay-outcome.ts";
import { startHttpSubscriber } from "./http-subscriber.ts";
import { KeyedQueue } from "./keyed-queue.ts";
import type { RelayLogger } from "./relay-logger.ts";
import { SnsSignatureVerifier } from "./sns-signature-verifier.ts";
import { wireRelay } from "./wire.ts";

/**
 * The relay as one local process: the SNS HTTP subscriber on the configured port over the
 * relay use case. `signingMaterialPem` turns on signature checks (the Connect emulator serves
 * its key at /__emulator/sns/signing-key.pem); `onOutcome` lets a runner count what it did
 * and how long each item took (from its turn in the chat's queue to its outcome).
 */
export async function startLocalRelay(options: {
  config: RelayConfig;
  channels: ReadonlyMap<ChannelKind, OutboundChannel>;
  logger: RelayLogger;
  notices?: ChatNotices;
  clock?: Clock;
  signingMaterialPem?: string;
  onOutcome?: (outcome: RelayOutcome, item: ChatItem, elapsedMs: number) => void;
}) {
  const { config, logger } = options;
  const deps = wireRelay({
    config,
    channels: options.channels,
    ...(options.notices ? { notices: options.notices } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const verifier =
    options.signingMaterialPem === undefined
      ? undefined
      : new SnsSignatureVerifier({ signingMaterialPem: options.signingMaterialPem });
  const perChat = new KeyedQueue();
  const subscriber = await startHttpSubscriber({
    relay: async (item) => {
      const chat = item.initialContactId ?? item.contactId;
      return perChat.run(chat, async () => {
        const started = performance.now();
        const outcome = await relayChatItem(deps, item);
        options.onOutcome?.(outcome, item, performance.now() - started);
        return outcome;
      });
    },
    logger,
    confirmSubscriptions: config.confirmSubscriptions,
    port: config.subscriberPort,
    ...(verifier ? { verify: (envelope) => verifier.verify(envelope) } : {}),
  });
  return { deps, subscriber };
}

export type LocalRelay = Awaited<ReturnType<typeof startLocalRelay>>;
