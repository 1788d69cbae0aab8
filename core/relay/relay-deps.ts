import type { ChannelKind } from "../channel.ts";
import type { ChatConnectionStore } from "../ports/chat-connection-store.ts";
import type { ChatNotices } from "../ports/chat-notices.ts";
import type { ChatService } from "../ports/chat-service.ts";
import type { Clock } from "../ports/clock.ts";
import type { FunnelRecorder } from "../ports/funnel-recorder.ts";
import type { IdempotencyStore } from "../ports/idempotency-store.ts";
import type { OutboundChannel } from "../ports/messenger-channel.ts";
import type { RelayCursorStore } from "../ports/relay-cursor-store.ts";
import type { SessionStore } from "../ports/session-store.ts";

/** Everything the agent → customer relay needs, wired once per process. */
export interface RelayDeps {
  readonly sessions: SessionStore;
  /** Keys claimed before a side effect (withClaim), so a retry never repeats it. */
  readonly claims: IdempotencyStore;
  readonly channels: ReadonlyMap<ChannelKind, OutboundChannel>;
  readonly notices: ChatNotices;
  /**
   * The customer's side of the chat: its transcript is the order agent messages go out in,
   * and its attachment links are what the platforms fetch an agent's files from.
   */
  readonly chats: Pick<ChatService, "getTranscript" | "connect" | "getAttachmentLink">;
  readonly connections: Pick<ChatConnectionStore, "getConnection" | "saveConnection">;
  readonly cursors: RelayCursorStore;
  readonly funnel: FunnelRecorder;
  readonly clock: Clock;
  /**
   * When this process began relaying. A chat's order is vouched for only from a cursor set
   * after it: notifications that came while it was down may still be on their way.
   */
  readonly relayingSince: Date;
  /** Waits, for an item held until its chat's earlier notifications had time to arrive. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly settings: RelaySettings;
}

export interface RelaySettings {
  readonly brandName: string;
  /** Sent to the customer when the chat ends (free text only; skipped outside the window). */
  readonly closingText: string;
  /**
   * Approved templates for an agent reply outside the service window, per channel
   * (variables: 1 = brand, 2 = the agent's text).
   */
  readonly agentReplyTemplates: Readonly<Partial<Record<ChannelKind, string>>>;
  /** How long a claimed item stays locked when its worker dies before finishing. */
  readonly claimLeaseSeconds: number;
  /**
   * How long after it was posted an agent message is held before it is sent from its
   * notification: notifications of one chat may arrive this far out of order.
   */
  readonly orderSettleMs: number;
  /** A notification older than this goes the transcript way (a redelivery or a backlog). */
  readonly notificationFreshMs: number;
}
