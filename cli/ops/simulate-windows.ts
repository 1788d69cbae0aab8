import type { QueueScenario, SimulatedThreshold } from "../../core/simulation/queue-scenario.ts";
import type { QueueTarget } from "../../core/simulation/recommend-threshold.ts";
import { simulateThresholds } from "../../core/simulation/simulate-thresholds.ts";
import type { HistoricalInterval } from "./simulate-csv.ts";
import { type Recommendation, recommend, recommendationText } from "./simulate-recommend.ts";
import { UsageError } from "./usage-error.ts";

/** The hour of warm-up each later window gets, so it does not open on an empty queue. */
const WARMUP_SECONDS = 3600;

/** One time window of the day and the threshold recommended for it. */
export interface WindowRecommendation {
  /** From the CSV's interval labels, or hours from the start of the day (`+2h`). */
  readonly from: string;
  readonly to: string;
  readonly recommendation: Recommendation;
}

/**
 * A recommendation per time window of `windowHours`: each window is simulated on its own,
 * every threshold tried, and the pick confirmed on new draws, as for the whole day. A window
 * after the first opens with up to an hour of the day before it simulated but not measured,
 * run at the same threshold: its queue then starts as busy as the day left it, near enough.
 */
export function recommendPerWindow(options: {
  scenario: QueueScenario;
  csv: readonly HistoricalInterval[] | undefined;
  thresholds: readonly SimulatedThreshold[];
  target: QueueTarget;
  windowHours: number;
  runs: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}): WindowRecommendation[] {
  const { scenario, windowHours } = options;
  const perWindow = (windowHours * 3600) / scenario.intervalSeconds;
  if (!Number.isInteger(perWindow) || perWindow < 1) {
    throw new UsageError(
      `--window-hours ${windowHours}: a window must be a whole number of the day's ${scenario.intervalSeconds / 60}-minute intervals`,
    );
  }
  const windows: WindowRecommendation[] = [];
  for (let first = 0; first < scenario.intervals.length; first += perWindow) {
    const last = Math.min(first + perWindow, scenario.intervals.length);
    const warmupIntervals = Math.floor(WARMUP_SECONDS / scenario.intervalSeconds);
    const warmup = first === 0 ? 0 : Math.min(first, warmupIntervals);
    const window: QueueScenario = {
      ...scenario,
      intervals: scenario.intervals.slice(first - warmup, last),
      start: first === 0 ? scenario.start : "empty",
      warmupSeconds: first === 0 ? scenario.warmupSeconds : warmup * scenario.intervalSeconds,
    };
    const common = { scenario: window, runs: options.runs, seed: options.seed };
    const progress = options.onProgress ? { onProgress: options.onProgress } : {};
    const results = simulateThresholds({ ...common, thresholds: options.thresholds, ...progress });
    windows.push({
      ...bounds({ first, last, scenario, csv: options.csv }),
      recommendation: recommend({ ...common, results, target: options.target, ...progress }),
    });
  }
  return windows;
}

function bounds(options: {
  first: number;
  last: number;
  scenario: QueueScenario;
  csv: readonly HistoricalInterval[] | undefined;
}): { from: string; to: string } {
  const { first, last, scenario, csv } = options;
  const hours = (index: number) => `+${(index * scenario.intervalSeconds) / 3600}h`;
  const label = (index: number) => csv?.[index]?.label || hours(index);
  return {
    from: label(first),
    to: last < scenario.intervals.length ? label(last) : "the day's end",
  };
}

export function windowsText(windows: readonly WindowRecommendation[]): string {
  return windows
    .map((w) => `Window ${w.from} to ${w.to}: ${recommendationText(w.recommendation, "in it")}`)
    .join("\n");
}
