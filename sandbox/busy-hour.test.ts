import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FunnelRow, funnelReport } from "../core/funnel/funnel-report.ts";
import { ManualClock } from "../emulators/shared-http/clock.ts";
import { runBusyHour } from "./busy-hour.ts";
import { DEMO } from "./demo-instance.ts";
import { type LocalWorld, startLocalWorld } from "./local-world.ts";

let data: string;
let world: LocalWorld;
let totals: FunnelRow[];

// `npm start` as it runs: the whole busy hour on the simulated clock, on a table of its own.
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), "busy-hour-"));
  const clock = new ManualClock(DEMO.startAt);
  world = await startLocalWorld({ clock, freshTable: true, dataDir: join(data, "dynamodb") });
  await runBusyHour(world, clock);
  const counts = await Promise.all(
    Object.values(world.queueIds).map((queueId) => world.funnel.counts(queueId)),
  );
  totals = funnelReport(counts.flat()).filter((row) => row.day === "total");
}, 300_000);

afterAll(async () => {
  await world?.close();
  await rm(data, { recursive: true, force: true });
});

describe("the sandbox's busy hour", () => {
  it("leaves a funnel that adds up: each step is at most the step before it", () => {
    const live = totals.find((row) => row.queueId === world.queueIds.Support);
    expect(live?.steps[0]?.count).toBeGreaterThan(0);
    expect(live?.steps.at(-1)?.count).toBeGreaterThan(0);
    for (const row of totals) {
      const counts = row.steps.map((step) => step.count);
      expect(counts, `${row.queueId} ${row.channel}`).toEqual([...counts].sort((a, b) => b - a));
    }
  });

  it("records Billing's would-be offers as shadow offers only", () => {
    const shadow = totals.find((row) => row.queueId === world.queueIds.Billing);
    expect(shadow?.shadowOffered).toBeGreaterThan(0);
    expect(shadow?.steps.every((step) => step.count === 0)).toBe(true);
  });
});
