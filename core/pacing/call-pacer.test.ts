import { describe, expect, it } from "vitest";
import { ManualClock } from "../../test/support/manual-clock.ts";
import type { RateQuota, SharedRateBudget } from "../ports/rate-budget.ts";
import { CallPacer, PacedOutError } from "./call-pacer.ts";

/** The same cell-rate rule as the table's budget, in memory, counting requests. */
class MemoryBudget implements SharedRateBudget {
  readonly tat = new Map<string, number>();
  requests = 0;
  /** Tokens granted, by request. */
  readonly grants: number[] = [];
  constructor(private readonly clock: ManualClock) {}
  async take(budget: string, tokens: number, quota: RateQuota) {
    this.requests += 1;
    const interval = 1000 / quota.ratePerSecond;
    const now = this.clock.now().getTime();
    const tat = Math.max(this.tat.get(budget) ?? now, now);
    const latest = now + quota.burst * interval - tokens * interval;
    if (tat > latest) return { granted: 0, retryInMs: tat - latest };
    this.tat.set(budget, tat + tokens * interval);
    this.grants.push(tokens);
    return { granted: tokens, retryInMs: 0 };
  }
  async holdUntil(budget: string, until: Date, quota: RateQuota) {
    this.tat.set(budget, until.getTime() + (quota.burst - 1) * (1000 / quota.ratePerSecond));
  }
}

function world(maxWaitMs = 10_000, quota = { ratePerSecond: 10, burst: 4 }) {
  const clock = new ManualClock();
  const budget = new MemoryBudget(clock);
  const pacer = new CallPacer({
    budget,
    clock,
    table: { "SendMessage+SendEvent": quota },
    // Waiting moves the test's time on.
    sleep: async (ms) => {
      clock.advance(ms);
      await Promise.resolve();
    },
    maxWaitMs,
  });
  return { clock, budget, pacer };
}

describe("CallPacer", () => {
  it("lets calls through at the budget's rate, several waiters per request to the budget", async () => {
    const { clock, budget, pacer } = world();
    const started = clock.now().getTime();
    const admitted: number[] = [];
    await Promise.all(
      Array.from({ length: 24 }, () =>
        pacer.admit("SendMessage").then(() => admitted.push(clock.now().getTime() - started)),
      ),
    );
    // A burst of 4, then 10 a second: the 24th is due 2 s in.
    expect(Math.max(...admitted)).toBeGreaterThanOrEqual(1_900);
    expect(Math.max(...admitted)).toBeLessThanOrEqual(2_100);
    expect(budget.requests).toBeLessThan(24);
  });

  it("serves waiting high-priority calls first", async () => {
    const { pacer } = world();
    const order: string[] = [];
    const calls = [
      ...Array.from({ length: 6 }, (_, n) =>
        pacer.admit("SendEvent", "normal").then(() => order.push(`event ${n}`)),
      ),
      pacer.admit("SendMessage", "high").then(() => order.push("message")),
    ];
    await Promise.all(calls);
    // The first request took what the burst allowed; the message led the next one.
    expect(order.indexOf("message")).toBeLessThan(order.indexOf("event 5"));
    expect(order.indexOf("message")).toBeLessThanOrEqual(2);
  });

  it("refuses a low-priority call at once when no token is at hand", async () => {
    const { pacer } = world();
    await Promise.all(Array.from({ length: 4 }, () => pacer.admit("SendMessage")));
    await expect(pacer.admit("SendEvent", "low")).rejects.toBeInstanceOf(PacedOutError);
  });

  it("gives up on a call that cannot have a token within the longest wait", async () => {
    const { pacer } = world(300);
    const settled = await Promise.allSettled(
      Array.from({ length: 12 }, () => pacer.admit("SendMessage")),
    );
    const refused = settled.filter((s) => s.status === "rejected");
    expect(refused.length).toBeGreaterThan(0);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(PacedOutError);
  });

  it("holds the budget for a while after a throttle, and passes calls it has no budget for", async () => {
    const { clock, pacer } = world();
    await pacer.throttled("SendMessage");
    const started = clock.now().getTime();
    await pacer.admit("SendMessage");
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(1_000);
    const before = clock.now().getTime();
    await pacer.admit("GetTranscript");
    expect(clock.now().getTime()).toBe(before);
  });

  it("spends spare tokens on a busy process's next calls, with no request of their own", async () => {
    const { clock, budget, pacer } = world(10_000, { ratePerSecond: 10, burst: 12 });
    for (let n = 0; n < 30; n++) {
      await pacer.admit("SendMessage");
      clock.advance(150);
    }
    // One request for the first call, then one for six calls a span.
    expect(budget.requests).toBeLessThanOrEqual(9);
    expect(Math.max(...budget.grants)).toBe(6);
  });

  it("takes no spare tokens after a quiet spell, and none once a throttle was met", async () => {
    const { clock, budget, pacer } = world(10_000, { ratePerSecond: 10, burst: 12 });
    await pacer.admit("SendMessage");
    clock.advance(5_000);
    await pacer.admit("SendMessage");
    expect(budget.grants).toEqual([1, 1]);
    await pacer.admit("SendMessage");
    expect(budget.grants.at(-1)).toBe(6);
    await pacer.throttled("SendMessage");
    const requests = budget.requests;
    await pacer.admit("SendMessage");
    expect(budget.requests).toBeGreaterThan(requests);
  });

  it("admits calls no burstier than the budget allows, reserve or not", async () => {
    const quota = { ratePerSecond: 10, burst: 6 };
    const { clock, pacer } = world(60_000, quota);
    const admitted: number[] = [];
    // Arrivals in uneven clumps, some faster than the rate, some slower.
    let seed = 7;
    const next = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    for (let clump = 0; clump < 300; clump++) {
      const size = 1 + Math.floor(next() * 8);
      await Promise.all(
        Array.from({ length: size }, () =>
          pacer.admit("SendMessage").then(() => admitted.push(clock.now().getTime())),
        ),
      );
      clock.advance(Math.floor(next() * 400));
    }
    // A token bucket of the quota: at no point more calls than the burst plus what flowed in.
    for (const [i, start] of admitted.entries()) {
      const within = (w: number) => admitted.filter((t, j) => j >= i && t - start <= w).length;
      for (const w of [0, 100, 250, 500, 1_000]) {
        expect(within(w)).toBeLessThanOrEqual(
          quota.burst + Math.floor((w * quota.ratePerSecond) / 1000),
        );
      }
    }
  });
});
