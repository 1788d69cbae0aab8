import type { QueueScenario } from "./queue-scenario.ts";
import { exponential, type Random } from "./random.ts";

/**
 * The next arrival after `fromSeconds` of a Poisson process whose rate is constant within
 * each interval, or undefined once the day's intervals are over. A gap that crosses an
 * interval's end is dropped and drawn again at the next rate, which the memoryless gaps allow.
 */
export function nextArrivalSeconds(options: {
  scenario: QueueScenario;
  fromSeconds: number;
  random: Random;
}): number | undefined {
  const { intervals, intervalSeconds } = options.scenario;
  let t = options.fromSeconds;
  for (;;) {
    const index = Math.floor(t / intervalSeconds);
    const interval = intervals[index];
    if (!interval) return undefined;
    const end = (index + 1) * intervalSeconds;
    if (interval.arrivalsPerHour > 0) {
      const next = t + exponential(options.random, 3600 / interval.arrivalsPerHour);
      if (next < end) return next;
    }
    t = end;
  }
}
