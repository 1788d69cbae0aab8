import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { BILLING, opsTestTable, SUPPORT } from "./ops-test-table.ts";

let t: Awaited<ReturnType<typeof opsTestTable>>;

beforeEach(async () => {
  t?.close();
  t = await opsTestTable();
  await t.seed(SUPPORT, BILLING);
});
afterAll(() => t.close());

describe("ops thresholds list", () => {
  it("prints one aligned row per stored policy under a header", async () => {
    const run = await t.ops("thresholds", "list");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const [header = "", ...rows] = run.stdout.trimEnd().split("\n");
    expect(header.split(/\s{2,}/)).toEqual([
      "QUEUE",
      "MODE",
      "ON S",
      "OFF S",
      "WINDOWS",
      "MAX SHARE",
      "CHANNELS",
      "TIME ZONE",
    ]);
    expect(rows).toHaveLength(2);
    const billing = rows.find((row) => row.startsWith("billing")) ?? "";
    const support = rows.find((row) => row.startsWith("support")) ?? "";
    expect(billing.split(/\s{2,}/)).toEqual([
      "billing",
      "shadow",
      "600",
      "420",
      "any time",
      "0.5",
      "sms[900/600s]",
      "America/New_York",
    ]);
    expect(support.split(/\s{2,}/)).toEqual([
      "support",
      "live",
      "300",
      "240",
      "mon-fri 08:00-20:00, sat 09:00-17:00",
      "1",
      "whatsapp,sms",
      "Europe/London",
    ]);
    // Aligned: every column starts at the same offset on every line.
    for (const column of ["MODE", "WINDOWS", "CHANNELS", "TIME ZONE"]) {
      const at = header.indexOf(column);
      for (const row of rows) expect(row[at - 1]).toBe(" ");
      for (const row of rows) expect(row[at]).not.toBe(" ");
    }
  });

  it("prints the full policies with --json", async () => {
    const run = await t.ops("thresholds", "list", "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(await t.policies.listPolicies());
  });

  it("says so when the table has no policies", async () => {
    t.close();
    t = await opsTestTable();
    const run = await t.ops("thresholds", "list");
    expect(run).toMatchObject({
      code: 0,
      stdout: `no queue policies in ${t.tableName} (${t.env.DEFLECT_DYNAMODB_ENDPOINT})\n`,
    });
  });
});

describe("ops thresholds get", () => {
  it("prints the queue's full policy as pretty JSON", async () => {
    const run = await t.ops("thresholds", "get", "support");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(await t.policies.getPolicy("support"));
    expect(run.stdout).toContain('\n  "timeZone": "Europe/London",\n');
  });

  it("exits 2 on an unknown queue, naming it and the queues there are", async () => {
    const run = await t.ops("thresholds", "get", "suport");
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^error: no queue "suport" \(by id or name\) in .*; known queues: billing, support /,
    );
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("ops thresholds shadow", () => {
  it("switches a live queue to shadow and back with --off, printing each change", async () => {
    const on = await t.ops("thresholds", "shadow", "support");
    expect(on.code).toBe(0);
    expect(on.stdout).toContain('mode: "live" → "shadow"');
    expect((await t.policies.getPolicy("support"))?.mode).toBe("shadow");

    const off = await t.ops("thresholds", "shadow", "support", "--off");
    expect(off.code).toBe(0);
    expect(off.stdout).toContain('mode: "shadow" → "live"');
    expect((await t.policies.getPolicy("support"))?.mode).toBe("live");
  });

  it("writes nothing when the queue is already in that mode, or on --dry-run", async () => {
    const same = await t.ops("thresholds", "shadow", "billing");
    expect(same).toMatchObject({ code: 0, stdout: "billing: already shadow; nothing written\n" });
    const dry = await t.ops("thresholds", "shadow", "support", "--dry-run");
    expect(dry.stdout).toContain("dry run: nothing written");
    expect((await t.policies.getPolicy("support"))?.mode).toBe("live");
  });

  it("exits 2 on an unknown queue and writes nothing", async () => {
    const run = await t.ops("thresholds", "shadow", "nope");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no queue "nope" (by id or name)');
    expect(await t.policies.getPolicy("nope")).toBeUndefined();
  });
});
