import type { SimulatedThreshold } from "./queue-scenario.ts";
import type { ThresholdResult } from "./simulate-thresholds.ts";

/** What operations want from the voice queue: ASA under some seconds, or a service level. */
export type QueueTarget =
  | { readonly metric: "asaSeconds"; readonly below: number }
  | { readonly metric: "serviceLevel20s"; readonly atLeast: number };

/**
 * Whether a result meets the target with its whole 95 % interval, not just its mean: a
 * threshold recommended on a lucky mean would miss the target on half the real days.
 */
export function meetsTarget(result: ThresholdResult, target: QueueTarget): boolean {
  if (target.metric === "asaSeconds") return result.voice.asaSeconds.ci95[1] < target.below;
  return result.voice.serviceLevel20s.ci95[0] >= target.atLeast;
}

/**
 * The threshold that meets the target with the fewest offers (no deflection when it already
 * does), or undefined when none of those simulated does. Ties go to the higher threshold,
 * which offers later in the queue's build-up.
 */
export function recommendThreshold(options: {
  results: readonly ThresholdResult[];
  target: QueueTarget;
}): SimulatedThreshold | undefined {
  const meeting = options.results.filter((result) => meetsTarget(result, options.target));
  const rank = (t: SimulatedThreshold) => (t === "off" ? Number.POSITIVE_INFINITY : t);
  meeting.sort((a, b) => a.offers.mean - b.offers.mean || rank(b.threshold) - rank(a.threshold));
  return meeting[0]?.threshold;
}

/** The target in words, for people. */
export function describeTarget(target: QueueTarget): string {
  return target.metric === "asaSeconds"
    ? `ASA under ${target.below} s`
    : `service level ${Math.round(target.atLeast * 100)} % at 20 s`;
}
