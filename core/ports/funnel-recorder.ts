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

/** The funnel operations watch (DESIGN.md), in order: each step follows from the one before. */
export const FUNNEL_PATH: readonly FunnelStage[] = [
  "offered",
  "accepted",
  "sent",
  "delivered",
  "replied",
  "chat-started",
  "agent-connected",
  "ended",
];

/** One stored counter: a queue's events of one stage, channel and reason on one UTC day. */
export interface FunnelCount {
  readonly queueId: string;
  /** The UTC day, YYYY-MM-DD. */
  readonly day: string;
  /** The channel, or "-" for an event that names none (a check). */
  readonly channel: string;
  readonly stage: string;
  /** The decision's reason, or "-". */
  readonly reason: string;
  readonly count: number;
}

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
