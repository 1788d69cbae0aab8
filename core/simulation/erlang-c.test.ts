import { describe, expect, it } from "vitest";
import type { QueueScenario } from "./queue-scenario.ts";
import { simulateDay } from "./simulate-day.ts";
import { dayStreams, type RunMeasures, runMeasures } from "./simulate-thresholds.ts";
import { confidenceInterval } from "./statistics.ts";

const HANDLE_SECONDS = 300;

/**
 * Erlang C from its formula: Erlang B by the stable recursion B(k) = A·B(k-1) / (k + A·B(k-1)),
 * then C = c·B / (c − A·(1 − B)). Returns the probability of waiting, the mean wait (ASA,
 * over all calls, as none abandon) and the share answered within `t` seconds.
 */
function erlangC(options: { agents: number; erlangs: number; t: number }) {
  const { agents: c, erlangs: a } = options;
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const pWait = (c * b) / (c - a * (1 - b));
  const drainPerSecond = (c - a) / HANDLE_SECONDS;
  return {
    pWait,
    asaSeconds: pWait / drainPerSecond,
    serviceLevel20s: 1 - pWait * Math.exp(-drainPerSecond * options.t),
  };
}

function mmcScenario(options: { agents: number; erlangs: number; hours: number }): QueueScenario {
  return {
    intervalSeconds: options.hours * 3600,
    intervals: [
      {
        arrivalsPerHour: (options.erlangs * 3600) / HANDLE_SECONDS,
        agents: options.agents,
        averageHandleSeconds: HANDLE_SECONDS,
      },
    ],
    patienceSeconds: Number.POSITIVE_INFINITY,
    // The day opens in the exact M/M/c stationary state, so by PASTA every arriving call
    // sees the long-run queue: no warm-up bias, even at 97 % occupancy where an empty start
    // would take hours to fill (relaxation time ~ 1/(cμ(1−√ρ)²) ≈ 3.6 h for the last case).
    start: "steady",
    warmupSeconds: 0,
    deflection: {
      acceptShare: { sms: 0.3 },
      preferenceShare: {},
      replyShare: 0.7,
      replyDelaySeconds: 300,
      metricsAgeSeconds: 5,
      offRatio: 0.8,
      maxOfferShare: 1,
    },
    chat: { agents: 1, concurrency: 1, handleSeconds: 600 },
  };
}

// Occupancy from 50 % to 97 %; heavier loads get longer days because their run-to-run
// spread is wider (the queue forgets its state more slowly).
const CASES = [
  { agents: 10, erlangs: 5, hours: 96 },
  { agents: 20, erlangs: 14, hours: 96 },
  { agents: 30, erlangs: 24, hours: 48 },
  { agents: 50, erlangs: 45, hours: 24 },
  { agents: 52, erlangs: 50, hours: 48 },
  { agents: 100, erlangs: 97, hours: 48 },
] as const;
const RUNS = 20;
const METRICS = ["pWait", "asaSeconds", "serviceLevel20s"] as const;
// Each check is a 95 % interval; across all of them a Bonferroni correction keeps the
// chance of a false alarm somewhere in the table at 5 %, not 1 − 0.95^18 ≈ 60 %.
const LEVEL = 1 - 0.05 / (CASES.length * METRICS.length);

function simulateCase(scenario: QueueScenario): RunMeasures[] {
  return Array.from({ length: RUNS }, (_, run) => {
    const totals = simulateDay({ scenario, threshold: "off", streams: dayStreams(7, run) });
    return runMeasures(totals, totals);
  });
}

describe("the simulated M/M/c queue agrees with Erlang C", () => {
  it.each(CASES)("$agents agents, $erlangs Erlangs: pWait, ASA and SL 20 s in the CI", (c) => {
    const runs = simulateCase(mmcScenario(c));
    const theory = erlangC({ ...c, t: 20 });
    // A check that could never fail proves nothing: each interval must also be narrow enough
    // to rule out the same load on one agent more.
    const oneMore = erlangC({ ...c, agents: c.agents + 1, t: 20 });
    for (const metric of METRICS) {
      const [lo, hi] = confidenceInterval(
        runs.map((run) => run[metric]),
        LEVEL,
      );
      const label = `${metric} in [${lo}, ${hi}]`;
      expect(theory[metric], label).toBeGreaterThanOrEqual(lo);
      expect(theory[metric], label).toBeLessThanOrEqual(hi);
      expect(oneMore[metric] < lo || oneMore[metric] > hi, `${label}, one agent more`).toBe(true);
    }
  });
});
