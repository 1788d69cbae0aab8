import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BILLING, opsTestTable, SUPPORT } from "./ops-test-table.ts";

let t: Awaited<ReturnType<typeof opsTestTable>>;

beforeAll(async () => {
  t = await opsTestTable();
  await t.seed({ ...SUPPORT, queueName: "Support" }, BILLING);
  const day1 = new Date("2026-03-02T10:00:00Z");
  const day2 = new Date("2026-03-03T10:00:00Z");
  const record = (
    at: Date,
    stage: "checked" | "offered" | "accepted" | "shadow-offered",
    channel?: "sms",
  ) =>
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
  await record(day1, "shadow-offered", "sms");
  await record(day2, "accepted", "sms");
  await record(day2, "offered", "sms");
});
afterAll(() => t.close());

const table = (stdout: string) =>
  stdout
    .trimEnd()
    .split("\n")
    .map((line) => line.trim().split(/\s{2,}/));

describe("ops funnel", () => {
  it("prints each channel's path per day and in total, with each step's rate and shadow offers beside", async () => {
    const run = await t.ops("funnel", "Support");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const [header, ...rows] = table(run.stdout);
    expect(header).toEqual([
      "QUEUE",
      "CHANNEL",
      "DAY",
      "OFFERED",
      "ACCEPTED",
      "SENT",
      "DELIVERED",
      "REPLIED",
      "CHAT",
      "AGENT",
      "ENDED",
      "SHADOW",
      "DECLINED",
      "FAILED",
    ]);
    expect(rows.map((r) => r.slice(0, 5))).toEqual([
      ["Support", "sms", "2026-03-02", "2", "1 50%"],
      ["Support", "sms", "2026-03-03", "1", "1 100%"],
      ["Support", "sms", "total", "3", "2 67%"],
    ]);
    expect(rows.map((r) => r[11])).toEqual(["1", "0", "1"]);
  });

  it("counts only the days from --from to --to, and refuses a day it cannot read", async () => {
    const run = await t.ops("funnel", "support", "--from", "2026-03-03", "--to", "2026-03-03");
    expect(table(run.stdout).map((r) => r.slice(2, 4))).toEqual([
      ["DAY", "OFFERED"],
      ["2026-03-03", "1"],
      ["total", "1"],
    ]);
    const bad = await t.ops("funnel", "support", "--from", "March");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from: expected a day as YYYY-MM-DD, got "March"');
  });

  it("reports every queue with a policy when none is named, as JSON with --json", async () => {
    const run = await t.ops("funnel", "--json");
    const rows = JSON.parse(run.stdout) as {
      queueId: string;
      day: string;
      steps: { count: number }[];
    }[];
    expect(rows.find((r) => r.day === "total")?.steps[0]?.count).toBe(3);
    expect(new Set(rows.map((r) => r.queueId))).toEqual(new Set(["support"]));
  });

  it("lists every stored counter with --reasons", async () => {
    const run = await t.ops("funnel", "support", "--reasons");
    expect(table(run.stdout)).toEqual([
      ["DAY", "CHANNEL", "STAGE", "REASON", "COUNT"],
      ["2026-03-02", "-", "checked", "OFFER", "3"],
      ["2026-03-02", "sms", "shadow-offered", "-", "1"],
      ["2026-03-02", "sms", "offered", "-", "2"],
      ["2026-03-02", "sms", "accepted", "-", "1"],
      ["2026-03-03", "sms", "offered", "-", "1"],
      ["2026-03-03", "sms", "accepted", "-", "1"],
    ]);
  });

  it("says a known queue has no counts yet, and on an unknown one lists the queues by name", async () => {
    const quiet = await t.ops("funnel", "billing");
    expect(quiet).toMatchObject({ code: 0, stdout: "billing: no funnel counts yet\n" });
    const unknown = await t.ops("funnel", "Sales");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no queue "Sales" (by id or name)');
    expect(unknown.stderr).toContain("known queues: billing, Support (support)");
  });
});
