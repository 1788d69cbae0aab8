import type { ChannelKind } from "../channel.ts";
import type { DayStreams } from "./day-totals.ts";
import type { QueueScenario } from "./queue-scenario.ts";
import { exponential } from "./random.ts";

/** Everything chance decides about one caller, drawn when they call. */
export interface CallerDraws {
  readonly handleSeconds: number;
  readonly patienceSeconds: number;
  readonly preferredChannel: ChannelKind | undefined;
  /** Uniform draws compared with the accept and reply shares. */
  readonly acceptDraw: number;
  readonly replyDraw: number;
  readonly replyDelaySeconds: number;
}

/**
 * Draws a caller's fate up front, the same number of draws from each stream whether they are
 * offered or not, so caller k is the same person at every threshold (common random numbers).
 */
export function drawCaller(options: {
  scenario: QueueScenario;
  streams: DayStreams;
  averageHandleSeconds: number;
}): CallerDraws {
  const { scenario, streams } = options;
  return {
    handleSeconds: exponential(streams.handle, options.averageHandleSeconds),
    patienceSeconds: exponential(streams.patience, scenario.patienceSeconds),
    preferredChannel: pickShare(scenario.deflection.preferenceShare, streams.choices.next()),
    acceptDraw: streams.choices.next(),
    replyDraw: streams.choices.next(),
    replyDelaySeconds: exponential(streams.choices, scenario.deflection.replyDelaySeconds),
  };
}

function pickShare(
  shares: Readonly<Partial<Record<ChannelKind, number>>>,
  draw: number,
): ChannelKind | undefined {
  let left = draw;
  for (const kind in shares) {
    left -= shares[kind as ChannelKind] ?? 0;
    if (left < 0) return kind as ChannelKind;
  }
  return undefined;
}
