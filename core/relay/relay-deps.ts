import type { ChannelKind } from "../channel.ts";
import type { ChatService } from "../ports/chat-service.ts";
import type { Clock } from "../ports/clock.ts";
import type { FunnelRecorder } from "../ports/funnel-recorder.ts";
import type { OutboundChannel } from "../ports/messenger-channel.ts";
import type { SessionStore } from "../ports/session-store.ts";
import type { ChatConnectionStore } from "../resume/chat-connection-store.ts";
import type { ChatNotices } from "./chat-notices.ts";
import type { RelayCursorStore } from "./relay-cursor-store.ts";

/** Everything the agent → customer relay needs, wired once per process. */
export interface RelayDeps {
  readonly sessions: SessionStore;
  readonly channels: ReadonlyMap<ChannelKind, OutboundChannel>;
  readonly notices: ChatNotices;
  /** The customer's side of the chat: its transcript is the order agent messages go out in. */
  readonly chats: Pick<ChatService, "getTranscript" | "connect">;
  readonly connections: Pick<ChatConnectionStore, "getConnection" | "saveConnection">;
  readonly cursors: RelayCursorStore;
  readonly funnel: FunnelRecorder;
  readonly clock: Clock;
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
}
