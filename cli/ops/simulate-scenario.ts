import type { QueueScenario, ScenarioInterval } from "../../core/simulation/queue-scenario.ts";
import type { HistoricalInterval } from "./simulate-csv.ts";
import {
  agentsFlag,
  channelSharesFlag,
  numberFlag,
  patienceFlag,
  type SIMULATE_FLAG_OPTIONS,
} from "./simulate-flags.ts";
import { UsageError } from "./usage-error.ts";

export type SimulateFlags = {
  readonly [K in keyof typeof SIMULATE_FLAG_OPTIONS]?: (typeof SIMULATE_FLAG_OPTIONS)[K]["type"] extends "boolean"
    ? boolean | undefined
    : string | undefined;
};

// A guard against a typo (--arrivals-per-hour 6000000) tying up a laptop for an afternoon.
const MAX_CALLS_PER_RUN = 5_000_000;

/** The scenario the flags describe, from parameters or from an interval CSV already parsed. */
export function scenarioFromFlags(
  flags: SimulateFlags,
  csv: readonly HistoricalInterval[] | undefined,
): QueueScenario {
  const { intervals, intervalSeconds } = csv ? csvIntervals(flags, csv) : paramIntervals(flags);
  const days = intervals.length * intervalSeconds;
  const calls = intervals.reduce((sum, i) => sum + (i.arrivalsPerHour * intervalSeconds) / 3600, 0);
  if (calls > MAX_CALLS_PER_RUN) {
    throw new UsageError(`about ${Math.round(calls)} calls a run; at most ${MAX_CALLS_PER_RUN}`);
  }
  const patienceSeconds = patienceFlag(flags.patience);
  type Range = { fallback: number; min: number; max: number };
  const num = (flag: keyof SimulateFlags & string, range: Range) =>
    numberFlag({ flag, value: flags[flag] as string | undefined, ...range });
  const whole = (flag: keyof SimulateFlags & string, range: Range) =>
    numberFlag({ flag, value: flags[flag] as string | undefined, ...range, whole: true });
  return {
    intervalSeconds,
    intervals,
    patienceSeconds,
    start: startFlag({
      value: flags.start,
      fromCsv: csv !== undefined,
      intervals,
      patienceSeconds,
    }),
    warmupSeconds: num("warmup-minutes", { fallback: 0, min: 0, max: days / 60 }) * 60,
    deflection: {
      acceptShare: channelSharesFlag({
        flag: "accept",
        value: flags.accept,
        fallback: { sms: 0.3 },
      }),
      preferenceShare: channelSharesFlag({ flag: "prefer", value: flags.prefer, fallback: {} }),
      replyShare: num("reply-share", { fallback: 0.7, min: 0, max: 1 }),
      replyDelaySeconds: num("reply-delay-seconds", { fallback: 300, min: 0, max: 86_400 }),
      metricsAgeSeconds: num("metrics-age-seconds", { fallback: 5, min: 0, max: 3600 }),
      offRatio: num("off-ratio", { fallback: 0.8, min: 0, max: 1 }),
      maxOfferShare: num("max-share", { fallback: 1, min: 0, max: 1 }),
    },
    chat: {
      agents: whole("chat-agents", { fallback: 10, min: 0, max: 100_000 }),
      concurrency: whole("chat-concurrency", { fallback: 2, min: 1, max: 10 }),
      handleSeconds: num("chat-handle-seconds", { fallback: 600, min: 1, max: 86_400 }),
    },
  };
}

function paramIntervals(flags: SimulateFlags) {
  if (flags["interval-minutes"] !== undefined) {
    throw new UsageError("--interval-minutes goes with --csv; with parameters use --hours");
  }
  const arrivalsPerHour = numberFlag({
    flag: "arrivals-per-hour",
    value: flags["arrivals-per-hour"],
    min: 0,
    max: 1_000_000,
  });
  const handle = { flag: "handle-seconds", value: flags["handle-seconds"] } as const;
  const averageHandleSeconds = numberFlag({ ...handle, fallback: 300, min: 1, max: 86_400 });
  const hours = numberFlag({ flag: "hours", value: flags.hours, fallback: 8, min: 0.25, max: 168 });
  const agents = agentsFlag(flags.agents);
  if (!agents) throw new UsageError("--agents is required (one count, or one per interval)");
  const intervals = agents.map((count) => ({
    arrivalsPerHour,
    agents: count,
    averageHandleSeconds,
  }));
  return { intervals, intervalSeconds: (hours * 3600) / agents.length };
}

function csvIntervals(flags: SimulateFlags, rows: readonly HistoricalInterval[]) {
  if (flags["arrivals-per-hour"] !== undefined || flags.hours !== undefined) {
    throw new UsageError(
      "--csv sets the arrivals and the hours; leave out --arrivals-per-hour and --hours",
    );
  }
  const minutes = numberFlag({
    flag: "interval-minutes",
    value: flags["interval-minutes"],
    fallback: 30,
    min: 1,
    max: 1440,
  });
  const agents = agentsFlag(flags.agents);
  if (agents && agents.length !== 1 && agents.length !== rows.length) {
    throw new UsageError(`--agents: ${agents.length} counts for ${rows.length} intervals`);
  }
  const handleOverride = flags["handle-seconds"];
  const intervals = rows.map((row, i): ScenarioInterval => {
    const count = agents ? (agents.length === 1 ? agents[0] : agents[i]) : row.agents;
    if (count === undefined) {
      throw new UsageError("the CSV has no agents column: pass --agents");
    }
    return {
      arrivalsPerHour: (row.contactsOffered * 60) / minutes,
      agents: count,
      averageHandleSeconds:
        handleOverride === undefined
          ? row.averageHandleSeconds
          : numberFlag({ flag: "handle-seconds", value: handleOverride, min: 1, max: 86_400 }),
    };
  });
  return { intervals, intervalSeconds: minutes * 60 };
}

/**
 * A day from a CSV opens empty, as a real one does. A day from parameters opens in its steady
 * state when it has one, so a short run measures the queue rather than its morning warm-up.
 */
function startFlag(options: {
  value: string | undefined;
  fromCsv: boolean;
  intervals: readonly ScenarioInterval[];
  patienceSeconds: number;
}): QueueScenario["start"] {
  const { value, intervals, patienceSeconds } = options;
  if (value !== undefined && value !== "steady" && value !== "empty") {
    throw new UsageError(`--start: expected steady or empty, got "${value}"`);
  }
  if (value === "empty" || (value === undefined && options.fromCsv)) return "empty";
  const first = intervals[0];
  const settles =
    first !== undefined &&
    (Number.isFinite(patienceSeconds) ||
      (first.arrivalsPerHour * first.averageHandleSeconds) / 3600 < first.agents);
  if (settles) return "steady";
  if (value === "steady") {
    throw new UsageError("--start steady: the first interval's load is at or above its agents");
  }
  return "empty";
}
