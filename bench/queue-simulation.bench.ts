import { performance } from "node:perf_hooks";
import type { QueueScenario, SimulatedThreshold } from "../core/simulation/queue-scenario.ts";
import { simulateDay } from "../core/simulation/simulate-day.ts";
import { dayStreams } from "../core/simulation/simulate-thresholds.ts";

const REPEATS = 5;

// A 12-hour day of about 100,000 calls with 15 % more work than agents and impatient callers, so the
// queue builds and deflection has work to do: the size DESIGN.md's simulator target names.
const DAY: QueueScenario = {
  intervalSeconds: 1800,
  intervals: Array.from({ length: 24 }, () => ({
    arrivalsPerHour: 100_000 / 12,
    agents: 600,
    averageHandleSeconds: 300,
  })),
  patienceSeconds: 240,
  start: "empty",
  warmupSeconds: 0,
  deflection: {
    acceptShare: { whatsapp: 0.35, sms: 0.25 },
    preferenceShare: { sms: 0.3 },
    replyShare: 0.7,
    replyDelaySeconds: 300,
    metricsAgeSeconds: 5,
    offRatio: 0.8,
    maxOfferShare: 1,
  },
  chat: { agents: 60, concurrency: 2, handleSeconds: 600 },
};

/** `ops simulate`'s engine: calls simulated per second, median of a few days. */
export async function run(): Promise<void> {
  for (const threshold of ["off", 60] as const satisfies readonly SimulatedThreshold[]) {
    const rates: number[] = [];
    let calls = 0;
    let offers = 0;
    for (let i = 0; i < REPEATS; i++) {
      const started = performance.now();
      const totals = simulateDay({ scenario: DAY, threshold, streams: dayStreams(1, i) });
      const seconds = (performance.now() - started) / 1000;
      calls = totals.calls;
      offers = totals.offers;
      rates.push(totals.calls / seconds);
    }
    rates.sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)] ?? 0;
    const label = `simulate: a day of ~100,000 calls, threshold ${threshold}`;
    console.log(
      `${label.padEnd(48)} n=${String(calls).padStart(6)}  ${median.toFixed(0).padStart(9)} calls/s  a day in ${((calls / median) * 1000).toFixed(0)} ms  offers=${offers}  (median of ${REPEATS})`,
    );
  }
}
