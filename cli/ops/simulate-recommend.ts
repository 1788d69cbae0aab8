import type { QueueScenario, SimulatedThreshold } from "../../core/simulation/queue-scenario.ts";
import {
  describeTarget,
  meetsTarget,
  type QueueTarget,
  recommendThreshold,
} from "../../core/simulation/recommend-threshold.ts";
import {
  simulateThresholds,
  type ThresholdResult,
} from "../../core/simulation/simulate-thresholds.ts";

/** The threshold proposed for a target, and the same threshold simulated again on new draws. */
export interface Recommendation {
  readonly target: QueueTarget;
  readonly threshold: SimulatedThreshold | undefined;
  readonly confirmSeed: number;
  readonly confirmed: ThresholdResult | undefined;
  readonly meets: boolean;
}

/**
 * Picks the threshold meeting the target with the fewest offers, then simulates it again
 * with a different seed: a pick made on the same draws that chose it would flatter itself.
 */
export function recommend(options: {
  scenario: QueueScenario;
  results: readonly ThresholdResult[];
  target: QueueTarget;
  runs: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}): Recommendation {
  const { scenario, target, runs } = options;
  const threshold = recommendThreshold({ results: options.results, target });
  const confirmSeed = (options.seed + 0x9e3779b9) >>> 0;
  const confirmed =
    threshold === undefined
      ? undefined
      : simulateThresholds({
          scenario,
          thresholds: [threshold],
          runs,
          seed: confirmSeed,
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        })[0];
  return {
    target,
    threshold,
    confirmSeed,
    confirmed,
    meets: confirmed !== undefined && meetsTarget(confirmed, target),
  };
}

export function recommendationText(rec: Recommendation, span = "a day"): string {
  const target = describeTarget(rec.target);
  if (rec.threshold === undefined || !rec.confirmed) {
    return `Target ${target}: no simulated threshold meets it with its whole 95 % interval; try lower thresholds, more agents, or more runs.`;
  }
  const { asaSeconds, serviceLevel20s } = rec.confirmed.voice;
  const pick = rec.threshold === "off" ? "no deflection (off)" : `${rec.threshold} s`;
  const figures = `ASA ${asaSeconds.mean.toFixed(1)} s [${asaSeconds.ci95.map((v) => v.toFixed(1)).join(", ")}], service level ${(serviceLevel20s.mean * 100).toFixed(1)} % [${serviceLevel20s.ci95.map((v) => (v * 100).toFixed(1)).join(", ")}], ${rec.confirmed.offers.mean.toFixed(0)} offers ${span}`;
  const verdict = rec.meets ? "meets the target" : "MISSES the target on new draws; add runs";
  return `Target ${target}: recommend ${pick}, the fewest offers that meets it.\nSimulated again (seed ${rec.confirmSeed}): ${figures}; ${verdict}.`;
}
