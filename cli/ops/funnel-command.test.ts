import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BILLING, opsTestTable, SUPPORT } from "./ops-test-table.ts";

let t: Awaited<ReturnType<typeof opsTestTable>>;

beforeAll(async () => {
  t = await opsTestTable();
  await t.seed(SUPPORT, BILLING);
  const day1 = new Date("2026-03-02T10:00:00Z");
  const day2 = new Date("2026-03-03T10:00:00Z");
  const record = (at: Date, stage: "checked" | "offered" | "accepted", channel?: "sms") =>
    t.funnel.record({
      queueId: "support",
      stage,
      at,
      ...(channel ? { channel } : {}),
      ...(stage === "checked" ? { reason: "OFFER" } : {}),
    });
  for (let i = 0; i < 3; i++) await record(day1, "checked");
  await record(day1, "offered", "sms");
  await record(day1, "offered", "sms");
  await record(day1, "accepted", "sms");
  await record(day2, "accepted", "sms");
  await record(day2, "offered", "sms");
});
afterAll(() => t.close());

describe("ops funnel", () => {
  it("prints the counts per day, channel, stage and reason in funnel order", async () => {
    const run = await t.ops("funnel", "support");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const lines = run.stdout
      .trimEnd()
      .split("\n")
      .map((line) => line.split(/\s{2,}/));
    expect(lines).toEqual([
      ["DAY", "CHANNEL", "STAGE", "REASON", "COUNT"],
      ["2026-03-02", "-", "checked", "OFFER", "3"],
      ["2026-03-02", "sms", "offered", "-", "2"],
      ["2026-03-02", "sms", "accepted", "-", "1"],
      ["2026-03-03", "sms", "offered", "-", "1"],
      ["2026-03-03", "sms", "accepted", "-", "1"],
    ]);
  });

  it("prints the counts as JSON with --json", async () => {
    const run = await t.ops("funnel", "support", "--json");
    const counts = JSON.parse(run.stdout) as { count: number }[];
    expect(counts.reduce((sum, c) => sum + c.count, 0)).toBe(8);
  });

  it("says a known queue has no counts yet, and exits 2 on an unknown queue", async () => {
    const quiet = await t.ops("funnel", "billing");
    expect(quiet).toMatchObject({ code: 0, stdout: "billing: no funnel counts yet\n" });
    const unknown = await t.ops("funnel", "sales");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no policy for queue "sales"');
  });
});
