import { describe, expect, it } from "vitest";
import type { QueueScenario } from "./queue-scenario.ts";
import { simulateDay } from "./simulate-day.ts";
import { dayStreams, simulateThresholds } from "./simulate-thresholds.ts";

function scenario(patch: Partial<QueueScenario> = {}): QueueScenario {
  return {
    intervalSeconds: 4 * 3600,
    intervals: [{ arrivalsPerHour: 600, agents: 51, averageHandleSeconds: 300 }],
    patienceSeconds: Number.POSITIVE_INFINITY,
    start: "steady",
    warmupSeconds: 0,
    deflection: {
      acceptShare: { whatsapp: 0.4, sms: 0.2 },
      preferenceShare: { sms: 0.5 },
      replyShare: 0.5,
      replyDelaySeconds: 120,
      metricsAgeSeconds: 5,
      offRatio: 0.8,
      maxOfferShare: 1,
    },
    chat: { agents: 4, concurrency: 2, handleSeconds: 600 },
    ...patch,
  };
}

describe("simulateThresholds", () => {
  it("gives identical results for the same seed, and different ones for another", () => {
    const study = (seed: number) =>
      simulateThresholds({
        scenario: scenario({ intervalSeconds: 3600 }),
        thresholds: ["off", 120],
        runs: 3,
        seed,
      });
    expect(study(5)).toEqual(study(5));
    expect(study(6)[0]?.voice.asaSeconds.mean).not.toBe(study(5)[0]?.voice.asaSeconds.mean);
  });

  it("offers at a threshold, cuts ASA against no deflection, and sends the acceptors to chat", () => {
    const [off, on] = simulateThresholds({
      scenario: scenario(),
      thresholds: ["off", 60],
      runs: 10,
      seed: 3,
    });
    if (!off || !on) throw new Error("two results expected");
    expect(off.offers.mean).toBe(0);
    expect(on.offers.mean).toBeGreaterThan(0);
    expect(on.acceptances.mean).toBeGreaterThan(0);
    expect(on.acceptances.mean).toBeLessThan(on.offers.mean);
    expect(on.chat.contacts.mean).toBeLessThanOrEqual(on.acceptances.mean);
    expect(on.chat.loadErlangs.mean).toBeGreaterThan(0);
    expect(on.voice.asaSeconds.mean).toBeLessThan(off.voice.asaSeconds.mean * 0.8);
    // Paired on the same draws, the saving is clear of zero even where the ASA bands overlap.
    expect(on.voiceWaitSavedHours.ci95[0]).toBeGreaterThan(0);
    expect(on.calls).toBe(off.calls);
  });

  it("offers more, the lower the threshold", () => {
    const results = simulateThresholds({
      scenario: scenario(),
      thresholds: [30, 120, 600],
      runs: 5,
      seed: 9,
    });
    const offers = results.map((r) => r.offers.mean);
    expect(offers[0]).toBeGreaterThan(offers[1] ?? 0);
    expect(offers[1]).toBeGreaterThan(offers[2] ?? 0);
  });

  it("counts abandoned callers, and none when nobody runs out of patience", () => {
    const impatient = simulateThresholds({
      scenario: scenario({ patienceSeconds: 60 }),
      thresholds: ["off"],
      runs: 3,
      seed: 1,
    });
    expect(impatient[0]?.voice.abandonRate.mean).toBeGreaterThan(0.05);
    const patient = simulateThresholds({
      scenario: scenario(),
      thresholds: ["off"],
      runs: 3,
      seed: 1,
    });
    expect(patient[0]?.voice.abandonRate.mean).toBe(0);
  });

  it("follows the staffing per interval: a short-staffed hour waits far longer", () => {
    const day = scenario({
      intervalSeconds: 3600,
      start: "empty",
      intervals: [
        { arrivalsPerHour: 300, agents: 30, averageHandleSeconds: 300 },
        { arrivalsPerHour: 300, agents: 24, averageHandleSeconds: 300 },
      ],
    });
    const late = { ...day, warmupSeconds: 3600 };
    const streams = () => dayStreams(4, 0);
    const whole = simulateDay({ scenario: day, threshold: "off", streams: streams() });
    const second = simulateDay({ scenario: late, threshold: "off", streams: streams() });
    expect(second.calls).toBeLessThan(whole.calls);
    const asa = (t: typeof whole) => t.answeredWaitSeconds / t.answered;
    expect(asa(second)).toBeGreaterThan(asa(whole));
  });

  it("leaves nobody waiting forever in an unstaffed queue: they count as abandoned", () => {
    const unstaffed = scenario({
      start: "empty",
      intervals: [{ arrivalsPerHour: 60, agents: 0, averageHandleSeconds: 300 }],
    });
    const totals = simulateDay({
      scenario: unstaffed,
      threshold: "off",
      streams: dayStreams(1, 0),
    });
    expect(totals.calls).toBeGreaterThan(0);
    expect(totals.abandoned).toBe(totals.calls);
  });
});
