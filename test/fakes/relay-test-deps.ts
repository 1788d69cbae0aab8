import type { ChannelKind } from "../../core/channel.ts";
import type { ChatNotices } from "../../core/ports/chat-notices.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type { IdempotencyStore } from "../../core/ports/idempotency-store.ts";
import type { OutboundChannel } from "../../core/ports/messenger-channel.ts";
import type { SessionStore } from "../../core/ports/session-store.ts";
import type { RelayDeps, RelaySettings } from "../../core/relay/relay-deps.ts";
import type { InMemoryCustomerChat } from "./in-memory-customer-chat.ts";
import { RecordingFunnel } from "./in-memory-directory.ts";
import { InMemoryIdempotencyStore } from "./in-memory-idempotency-store.ts";

/**
 * The relay's dependencies for a test: one in-memory chat as its transcript, connections
 * and cursors, no waiting for late notifications, and the settings a test does not name at
 * their usual values.
 */
export function relayTestDeps(options: {
  sessions: SessionStore;
  chat: InMemoryCustomerChat;
  channels: ReadonlyMap<ChannelKind, OutboundChannel>;
  clock: Clock;
  claims?: IdempotencyStore;
  notices?: ChatNotices;
  settings?: Partial<RelaySettings>;
}): RelayDeps {
  const { chat } = options;
  return {
    sessions: options.sessions,
    claims: options.claims ?? new InMemoryIdempotencyStore(),
    channels: options.channels,
    notices: options.notices ?? { tellAgent: async () => undefined },
    chats: chat,
    connections: chat,
    cursors: chat,
    funnel: new RecordingFunnel(),
    clock: options.clock,
    relayingSince: new Date(0),
    sleep: async () => {},
    settings: {
      brandName: "Acme",
      closingText: "",
      agentReplyTemplates: {},
      claimLeaseSeconds: 30,
      orderSettleMs: 0,
      notificationFreshMs: 5_000,
      ...options.settings,
    },
  };
}
