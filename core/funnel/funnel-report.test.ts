import { describe, expect, it } from "vitest";
import type { FunnelCount } from "../ports/funnel-recorder.ts";
import { funnelReport } from "./funnel-report.ts";

const count = (day: string, stage: string, n: number, channel = "whatsapp"): FunnelCount => ({
  queueId: "q1",
  day,
  channel,
  stage,
  reason: "-",
  count: n,
});

const COUNTS = [
  count("2026-06-10", "checked", 50, "-"),
  count("2026-06-10", "offered", 10),
  count("2026-06-10", "accepted", 4),
  count("2026-06-10", "declined", 3),
  count("2026-06-10", "sent", 4),
  count("2026-06-10", "replied", 2),
  count("2026-06-11", "offered", 6),
  count("2026-06-11", "accepted", 3),
  count("2026-06-11", "sent", 3),
  count("2026-06-11", "shadow-offered", 5, "sms"),
];

const stepsOf = (row: { steps: readonly { stage: string; count: number }[] } | undefined) =>
  Object.fromEntries((row?.steps ?? []).map((s) => [s.stage, s.count]));

describe("the funnel report", () => {
  it("gives each day and channel its steps with the rate from the step before, then the total", () => {
    const rows = funnelReport(COUNTS);
    expect(rows.map((r) => `${r.channel} ${r.day}`)).toEqual([
      "sms 2026-06-11",
      "sms total",
      "whatsapp 2026-06-10",
      "whatsapp 2026-06-11",
      "whatsapp total",
    ]);
    const total = rows.find((r) => r.channel === "whatsapp" && r.day === "total");
    expect(stepsOf(total)).toMatchObject({ offered: 16, accepted: 7, sent: 7, replied: 2 });
    expect(total?.steps.map((s) => s.rate)).toEqual([null, 7 / 16, 1, 0, null, 0, null, null]);
    expect(total?.declined).toBe(3);
  });

  it("keeps shadow offers beside the live path, and leaves out the checks that name no channel", () => {
    const rows = funnelReport(COUNTS);
    const sms = rows.find((r) => r.channel === "sms" && r.day === "total");
    expect(sms?.shadowOffered).toBe(5);
    expect(stepsOf(sms).offered).toBe(0);
    expect(rows.some((r) => r.channel === "-")).toBe(false);
  });

  it("counts only the days in the range, both ends included", () => {
    const rows = funnelReport(COUNTS, { from: "2026-06-11", to: "2026-06-11" });
    const total = rows.find((r) => r.channel === "whatsapp" && r.day === "total");
    expect(stepsOf(total).offered).toBe(6);
    expect(rows.filter((r) => r.day === "2026-06-10")).toEqual([]);
  });
});
