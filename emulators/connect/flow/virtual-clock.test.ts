import { describe, expect, it } from "vitest";
import { flowClockFromTimers, VirtualClock } from "./virtual-clock.ts";

describe("VirtualClock", () => {
  it("fires sleeps in time order without real waiting", async () => {
    const clock = new VirtualClock({ startMs: 0 });
    const order: string[] = [];
    await Promise.all([
      clock.sleep(5000).then(() => order.push(`b@${clock.now()}`)),
      clock.sleep(1000).then(() => order.push(`a@${clock.now()}`)),
    ]);
    expect(order).toEqual(["a@1000", "b@5000"]);
  });

  it("drops an aborted sleep so time does not jump to it", async () => {
    const clock = new VirtualClock({ startMs: 0 });
    const abort = new AbortController();
    const dropped = clock.sleep(60_000, abort.signal);
    abort.abort(new Error("not needed"));
    await expect(dropped).rejects.toThrow("not needed");
    await clock.sleep(10);
    expect(clock.now()).toBe(10);
    expect(clock.pendingCount).toBe(0);
  });

  it("moves only when told to without autoAdvance", async () => {
    const clock = new VirtualClock({ startMs: 0, autoAdvance: false });
    let woke = false;
    void clock.sleep(3000).then(() => {
      woke = true;
    });
    await clock.advanceBy(2999);
    expect(woke).toBe(false);
    await clock.advanceBy(1);
    expect(woke).toBe(true);
  });
});

describe("flowClockFromTimers", () => {
  const timers = flowClockFromTimers({
    now: () => Date.now(),
    setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
    clearTimeout: (handle) => clearTimeout(handle),
  });

  it("sleeps on the wrapped timers and clears them on abort", async () => {
    const started = Date.now();
    await timers.sleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const abort = new AbortController();
    const pending = timers.sleep(10_000, abort.signal);
    abort.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
  });
});
