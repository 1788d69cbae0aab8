import type { ChannelKind } from "../channel.ts";

/** The stages operations watch, in order, plus the ways out. */
export type FunnelStage =
  | "checked"
  | "offered"
  | "shadow-offered"
  | "accepted"
  | "declined"
  | "sent"
  | "send-failed"
  | "delivered"
  | "replied"
  | "chat-started"
  | "agent-connected"
  | "ended";

export interface FunnelEvent {
  readonly queueId: string;
  readonly channel?: ChannelKind;
  readonly stage: FunnelStage;
  /** The decision's reason code, for checks. */
  readonly reason?: string;
  readonly at: Date;
}

/** Counts funnel events per queue, channel and day, for operations. */
export interface FunnelRecorder {
  record(event: FunnelEvent): Promise<void>;
}
