import { describe, expect, it } from "vitest";
import { confidenceInterval, estimate, studentTQuantile } from "./statistics.ts";

describe("statistics", () => {
  it.each([
    // Student t quantiles from the closed forms for 1 and 2 degrees of freedom, and the
    // limit: with many degrees the quantile approaches the normal 1.959964.
    [0.975, 1, Math.tan(Math.PI * 0.475)],
    [0.975, 2, 0.95 / Math.sqrt(2 * 0.975 * 0.025)],
    [0.975, 10_000, 1.96],
  ])("t quantile p=%d, %d degrees of freedom", (p, dof, expected) => {
    expect(studentTQuantile(p, dof)).toBeCloseTo(expected, 3);
  });

  it("widens with the level and narrows with more samples", () => {
    const samples = [1, 2, 3, 4, 5, 6, 7, 8];
    const [lo95, hi95] = confidenceInterval(samples, 0.95);
    const [lo99, hi99] = confidenceInterval(samples, 0.99);
    expect(lo99).toBeLessThan(lo95);
    expect(hi99).toBeGreaterThan(hi95);
    const [lo, hi] = confidenceInterval([...samples, ...samples], 0.95);
    expect(hi - lo).toBeLessThan(hi95 - lo95);
  });

  it("reports a zero-width interval for a single sample", () => {
    expect(estimate([4])).toEqual({ mean: 4, ci95: [4, 4] });
  });
});
