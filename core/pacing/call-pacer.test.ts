import { describe, expect, it } from "vitest";
import { ManualClock } from "../../test/support/manual-clock.ts";
import type { RateQuota, SharedRateBudget } from "../ports/rate-budget.ts";
import { CallPacer, PacedOutError } from "./call-pacer.ts";

/** The same cell-rate rule as the table's budget, in memory, counting requests. */
class MemoryBudget implements SharedRateBudget {
  readonly tat = new Map<string, number>();
  requests = 0;
  constructor(private readonly clock: ManualClock) {}
  async take(budget: string, tokens: number, quota: RateQuota) {
    this.requests += 1;
    const interval = 1000 / quota.ratePerSecond;
    const now = this.clock.now().getTime();
    const tat = Math.max(this.tat.get(budget) ?? now, now);
    const latest = now + quota.burst * interval - tokens * interval;
    if (tat > latest) return { granted: 0, retryInMs: tat - latest };
    this.tat.set(budget, tat + tokens * interval);
    return { granted: tokens, retryInMs: 0 };
  }
  async holdUntil(budget: string, until: Date, quota: RateQuota) {
    this.tat.set(budget, until.getTime() + (quota.burst - 1) * (1000 / quota.ratePerSecond));
  }
}

function world(maxWaitMs = 10_000) {
  const clock = new ManualClock();
  const budget = new MemoryBudget(clock);
  const pacer = new CallPacer({
    budget,
    clock,
    table: { "SendMessage+SendEvent": { ratePerSecond: 10, burst: 4 } },
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
});
