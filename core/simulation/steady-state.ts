import { InvalidInputError } from "../errors.ts";
import type { ScenarioInterval } from "./queue-scenario.ts";
import { exponential, type Random } from "./random.ts";

/** Who is in the system when a day opens in its steady state. */
export interface SteadyStart {
  /** The remaining handle time of each call on an agent. */
  readonly onAgentSeconds: readonly number[];
  /** Those waiting, oldest first: when they came and how much patience they have left. */
  readonly waiting: readonly {
    arrivalAt: number;
    handleSeconds: number;
    patienceSeconds: number;
  }[];
}

/**
 * The first interval's steady state, drawn. Memoryless handle times and patience make the
 * remaining times exact; the past arrival times are only plausible (evenly spaced), which
 * only the oldest-contact age in the first estimates can see.
 */
export function steadyStart(options: {
  interval: ScenarioInterval;
  patienceSeconds: number;
  random: Random;
}): SteadyStart {
  const { interval, patienceSeconds, random } = options;
  const arrivalsPerSecond = interval.arrivalsPerHour / 3600;
  const inSystem = drawSteadyStateCount({
    arrivalsPerSecond,
    agents: interval.agents,
    handleSeconds: interval.averageHandleSeconds,
    patienceSeconds,
    random,
  });
  if (inSystem === undefined) {
    throw new InvalidInputError("the first interval has no steady state: start it empty");
  }
  const onAgents = Math.min(inSystem, interval.agents);
  const handle = () => exponential(random, interval.averageHandleSeconds);
  const waitingCount = inSystem - onAgents;
  return {
    onAgentSeconds: Array.from({ length: onAgents }, handle),
    waiting: Array.from({ length: waitingCount }, (_, i) => ({
      arrivalAt: -(waitingCount - i) / arrivalsPerSecond,
      handleSeconds: handle(),
      patienceSeconds: exponential(random, patienceSeconds),
    })),
  };
}

/**
 * Draws how many callers are in the system (on an agent or waiting) in the long-run state
 * of one interval: a birth-death chain with arrivals at `arrivalsPerSecond`, each busy agent
 * finishing at 1/handle and each waiting caller leaving at 1/patience (M/M/c+M). Exact for
 * exponential handle times and patience; with deflection on it is only a starting point.
 * Returns undefined when the queue has no steady state (load at or above the agents and
 * nobody abandons), so the caller can say so instead of starting a run that never settles.
 */
export function drawSteadyStateCount(options: {
  arrivalsPerSecond: number;
  agents: number;
  handleSeconds: number;
  patienceSeconds: number;
  random: Random;
}): number | undefined {
  const { arrivalsPerSecond: lambda, agents, handleSeconds, patienceSeconds } = options;
  const abandonRate = Number.isFinite(patienceSeconds) ? 1 / patienceSeconds : 0;
  if (lambda === 0) return 0;
  if (abandonRate === 0 && lambda * handleSeconds >= agents) return undefined;
  if (agents === 0 && abandonRate === 0) return undefined;
  // Work in logs relative to the largest term so large centres do not overflow.
  const logTerms: number[] = [0];
  let logTerm = 0;
  let peak = 0;
  for (let n = 1; n < 1_000_000; n++) {
    const departures = Math.min(n, agents) / handleSeconds + Math.max(0, n - agents) * abandonRate;
    logTerm += Math.log(lambda / departures);
    logTerms.push(logTerm);
    peak = Math.max(peak, logTerm);
    if (n > agents && logTerm < peak - 40 && departures > lambda) break;
  }
  let total = 0;
  for (const term of logTerms) total += Math.exp(term - peak);
  let target = options.random.next() * total;
  for (let n = 0; n < logTerms.length; n++) {
    target -= Math.exp((logTerms[n] as number) - peak);
    if (target < 0) return n;
  }
  return logTerms.length - 1;
}
