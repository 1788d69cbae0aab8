import type { ChannelKind } from "../channel.ts";

/** One staffing interval of the day (Connect reports in 15 or 30 minute intervals). */
export interface ScenarioInterval {
  readonly arrivalsPerHour: number;
  readonly agents: number;
  readonly averageHandleSeconds: number;
}

/** How offered callers respond, and what the product knows when it decides. */
export interface DeflectionModel {
  /** Share of offered callers who accept, per channel; the channels offered, in order. */
  readonly acceptShare: Readonly<Partial<Record<ChannelKind, number>>>;
  /** Share of callers whose profile prefers a channel; the rest have no preference. */
  readonly preferenceShare: Readonly<Partial<Record<ChannelKind, number>>>;
  /** Share of accepting callers who reply later and so start a chat. */
  readonly replyShare: number;
  /** Mean time from accepting to the customer's reply (exponential). */
  readonly replyDelaySeconds: number;
  /** How old the queue metrics behind an estimate may be (the product's cache interval). */
  readonly metricsAgeSeconds: number;
  /**
   * The off threshold as a share of the on threshold (the policy's hysteresis; the product's
   * default 300/240 is 0.8). A fixed gap would leave low thresholds switched on for good.
   */
  readonly offRatio: number;
  readonly maxOfferShare: number;
}

/** The chat side that accepting callers land on. */
export interface ChatModel {
  readonly agents: number;
  /** Chats one agent handles at once. */
  readonly concurrency: number;
  readonly handleSeconds: number;
}

/** Everything one simulated day needs except the threshold and the random streams. */
export interface QueueScenario {
  readonly intervalSeconds: number;
  readonly intervals: readonly ScenarioInterval[];
  /** Mean caller patience (exponential); Infinity means nobody hangs up. */
  readonly patienceSeconds: number;
  /**
   * `empty`: the day opens with nobody in the system, as a real day does. `steady`: the
   * first interval's stationary state is drawn, so a short run has no warm-up bias.
   */
  readonly start: "empty" | "steady";
  /** Calls arriving before this are simulated but not measured. */
  readonly warmupSeconds: number;
  readonly deflection: DeflectionModel;
  readonly chat: ChatModel;
}

/** A threshold to try: the on threshold in seconds of estimated wait, or no deflection. */
export type SimulatedThreshold = number | "off";

export function scenarioSeconds(scenario: QueueScenario): number {
  return scenario.intervalSeconds * scenario.intervals.length;
}
