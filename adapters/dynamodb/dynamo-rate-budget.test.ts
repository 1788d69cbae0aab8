import { beforeAll, describe, expect, it } from "vitest";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { DynamoRateBudget } from "./dynamo-rate-budget.ts";

const quota = { ratePerSecond: 5, burst: 8 };
let table: Awaited<ReturnType<typeof freshTable>>;

beforeAll(async () => {
  table = await freshTable("pace");
});

describe("DynamoRateBudget on dynalite", () => {
  it("grants a burst, then the rate, and says when the next token is due", async () => {
    const clock = new ManualClock();
    const budget = new DynamoRateBudget({ ...table, clock });
    expect(await budget.take("start-chat", 4, quota)).toEqual({ granted: 4, retryInMs: 0 });
    expect(await budget.take("start-chat", 4, quota)).toEqual({ granted: 4, retryInMs: 0 });
    const refused = await budget.take("start-chat", 1, quota);
    expect(refused.granted).toBe(0);
    expect(refused.retryInMs).toBeGreaterThan(0);
    expect(refused.retryInMs).toBeLessThanOrEqual(200);
    clock.advance(200);
    expect((await budget.take("start-chat", 1, quota)).granted).toBe(1);
    expect((await budget.take("start-chat", 1, quota)).granted).toBe(0);
  });

  it("never grants two processes more than the quota between them", async () => {
    const clock = new ManualClock();
    const processes = [1, 2, 3].map(() => new DynamoRateBudget({ ...table, clock }));
    let granted = 0;
    // Two simulated seconds in 50 ms steps, every process asking for 2 tokens each step.
    for (let step = 0; step < 40; step += 1) {
      const grants = await Promise.all(processes.map((p) => p.take("send", 2, quota)));
      granted += grants.reduce((sum, g) => sum + g.granted, 0);
      clock.advance(50);
    }
    // The burst, then 5 a second for 2 seconds.
    expect(granted).toBeLessThanOrEqual(8 + 10);
    expect(granted).toBeGreaterThanOrEqual(8 + 10 - 2);
  });

  it("holds the budget for everyone after a throttle", async () => {
    const clock = new ManualClock();
    const budget = new DynamoRateBudget({ ...table, clock });
    await budget.holdUntil("held", new Date(clock.now().getTime() + 1_000), quota);
    expect((await budget.take("held", 1, quota)).granted).toBe(0);
    clock.advance(1_000);
    expect((await budget.take("held", 1, quota)).granted).toBe(1);
  });

  it("refuses a request larger than the burst", async () => {
    const budget = new DynamoRateBudget({ ...table, clock: new ManualClock() });
    await expect(budget.take("big", 9, quota)).rejects.toThrow(RangeError);
  });
});
