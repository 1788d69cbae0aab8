import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opsTestTable, SUPPORT } from "./ops-test-table.ts";

let t: Awaited<ReturnType<typeof opsTestTable>>;

beforeAll(async () => {
  t = await opsTestTable();
  await t.seed({ ...SUPPORT, queueName: "Support" });
});
afterAll(() => t.close());

// A queue with ASA near 105 s without deflection; 120 s meets "ASA under 60 s" (seed 1).
const SIMULATION = [
  "simulate",
  ...["--arrivals-per-hour", "600", "--handle-seconds", "300", "--agents", "52"],
  ...["--threshold", "off,60..300:60", "--accept", "whatsapp=0.5", "--hours", "2"],
  ...["--runs", "5", "--quiet"],
];

describe("ops simulate --apply", () => {
  it("writes the recommendation into the named queue's policy in shadow mode, and says how to go live", async () => {
    const run = await t.ops(...SIMULATION, "--target", "asa<60", "--apply", "Support");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain("recommend 120 s");
    expect(run.stdout).toContain("thresholds shadow Support --off");
    expect(await t.policies.getPolicy("support")).toMatchObject({
      mode: "shadow",
      thresholds: { onWaitSeconds: 120, offWaitSeconds: 96 },
    });
  });

  it("writes nothing without a target or when no threshold meets it", async () => {
    await t.seed({ ...SUPPORT, queueName: "Support" });
    const bare = await t.ops(...SIMULATION, "--apply", "Support");
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("--apply needs --target");
    const unmet = await t.ops(...SIMULATION, "--target", "asa<1", "--apply", "Support");
    expect(unmet.code).toBe(2);
    expect(unmet.stderr).toContain("nothing written");
    expect(await t.policies.getPolicy("support")).toMatchObject({ mode: "live" });
  });
});
