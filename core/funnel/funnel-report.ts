import { FUNNEL_PATH, type FunnelCount, type FunnelStage } from "../ports/funnel-recorder.ts";

/** The funnel of one queue and channel, on one day or ("total") over the whole range. */
export interface FunnelRow {
  readonly queueId: string;
  /** YYYY-MM-DD, or "total" for the sum over the report's days. */
  readonly day: string;
  readonly channel: string;
  /** Each stage of FUNNEL_PATH, in order, with its count. */
  readonly steps: readonly FunnelStep[];
  /** Calls shadow mode would have offered: beside the live offers, never in the path. */
  readonly shadowOffered: number;
  /** The ways out: declined offers and failed sends. */
  readonly declined: number;
  readonly sendFailed: number;
}

export interface FunnelStep {
  readonly stage: FunnelStage;
  readonly count: number;
  /** This step's count over the step before it (0..1); null for the first or after a 0. */
  readonly rate: number | null;
}

/** Inclusive UTC days, YYYY-MM-DD; either end may be open. */
export interface DayRange {
  readonly from?: string;
  readonly to?: string;
}

const OFF_PATH = {
  "shadow-offered": "shadowOffered",
  declined: "declined",
  "send-failed": "sendFailed",
} as const;

/**
 * A queue's stored counters as operations read them: per queue, channel and day within the
 * range, then a total per queue and channel over the range, each step of the path with the
 * rate from the step before. Counters without a channel (checks) are left out.
 */
export function funnelReport(counts: readonly FunnelCount[], range: DayRange = {}): FunnelRow[] {
  const inRange = counts.filter(
    (c) =>
      c.channel !== "-" &&
      (range.from === undefined || c.day >= range.from) &&
      (range.to === undefined || c.day <= range.to),
  );
  const groups = new Map<string, FunnelCount[]>();
  for (const count of inRange) {
    for (const day of [count.day, "total"]) {
      const key = [count.queueId, count.channel, day].join("|");
      groups.set(key, [...(groups.get(key) ?? []), count]);
    }
  }
  return [...groups.entries()]
    .map(([key, group]) => {
      const [queueId = "", channel = "", day = ""] = key.split("|");
      return row({ queueId, channel, day }, group);
    })
    .sort(
      (a, b) =>
        a.queueId.localeCompare(b.queueId) ||
        a.channel.localeCompare(b.channel) ||
        // Days in order, the total last.
        (a.day === "total" ? 1 : 0) - (b.day === "total" ? 1 : 0) ||
        a.day.localeCompare(b.day),
    );
}

function row(
  at: { queueId: string; channel: string; day: string },
  counts: readonly FunnelCount[],
): FunnelRow {
  const total = (stage: string) =>
    counts.filter((c) => c.stage === stage).reduce((sum, c) => sum + c.count, 0);
  const steps = FUNNEL_PATH.map((stage, index): FunnelStep => {
    const count = total(stage);
    const previous = index === 0 ? 0 : total(FUNNEL_PATH[index - 1] as FunnelStage);
    return { stage, count, rate: index === 0 || previous === 0 ? null : count / previous };
  });
  const off = Object.fromEntries(
    Object.entries(OFF_PATH).map(([stage, field]) => [field, total(stage)]),
  ) as Record<(typeof OFF_PATH)[keyof typeof OFF_PATH], number>;
  return { ...at, steps, ...off };
}
