import { describe, expect, it } from "vitest";
import { recommendThreshold } from "./recommend-threshold.ts";
import type { ThresholdResult } from "./simulate-thresholds.ts";
import type { Estimate } from "./statistics.ts";

const around = (mean: number, half: number): Estimate => ({
  mean,
  ci95: [mean - half, mean + half],
});

function result(threshold: ThresholdResult["threshold"], offers: number, asa: number, sl: number) {
  return {
    threshold,
    calls: 1000,
    offers: around(offers, 1),
    acceptances: around(offers / 3, 1),
    voice: {
      pWait: around(0.5, 0.01),
      asaSeconds: around(asa, 5),
      serviceLevel20s: around(sl, 0.02),
      abandonRate: around(0, 0),
    },
    chat: { contacts: around(0, 0), loadErlangs: around(0, 0), asaSeconds: around(0, 0) },
    voiceWaitSavedHours: around(0, 0),
  } satisfies ThresholdResult;
}

const RESULTS = [
  result("off", 0, 90, 0.6),
  result(120, 400, 40, 0.85),
  result(240, 250, 52, 0.79),
  result(360, 120, 58, 0.7),
];

describe("recommendThreshold", () => {
  it("picks the fewest offers whose whole interval meets an ASA target", () => {
    // 360 s has a mean of 58 s, under 60, but its interval reaches 63 s: not recommended.
    expect(
      recommendThreshold({ results: RESULTS, target: { metric: "asaSeconds", below: 60 } }),
    ).toBe(240);
  });

  it("picks for a service level target, and answers off when no deflection is needed", () => {
    const sl = { metric: "serviceLevel20s", atLeast: 0.8 } as const;
    expect(recommendThreshold({ results: RESULTS, target: sl })).toBe(120);
    const easy = { metric: "asaSeconds", below: 100 } as const;
    expect(recommendThreshold({ results: RESULTS, target: easy })).toBe("off");
  });

  it("recommends nothing when no threshold meets the target", () => {
    const hard = { metric: "asaSeconds", below: 10 } as const;
    expect(recommendThreshold({ results: RESULTS, target: hard })).toBeUndefined();
  });
});
