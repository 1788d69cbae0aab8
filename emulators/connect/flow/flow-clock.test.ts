import { describe, expect, it } from "vitest";
import { ManualClock, RealClock } from "../../shared-http/clock.ts";
import { autoAdvancingClock, flowClockFromTimers } from "./flow-clock.ts";

describe("flowClockFromTimers", () => {
  it("sleeps on the emulators' clock and drops the timer when aborted", async () => {
    const manual = new ManualClock(0);
    const clock = flowClockFromTimers(manual);
    const abort = new AbortController();
    const pending = clock.sleep(10_000, abort.signal);
    expect(manual.pendingCount).toBe(1);
    abort.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    expect(manual.pendingCount).toBe(0);
  });

  it("sleeps in real time on a RealClock", async () => {
    const clock = flowClockFromTimers(new RealClock());
    const started = Date.now();
    await clock.sleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });
});

describe("autoAdvancingClock", () => {
  it("fires sleeps in time order without real waiting", async () => {
    const clock = autoAdvancingClock(0);
    const order: string[] = [];
    await Promise.all([
      clock.sleep(5000).then(() => order.push(`b@${clock.now()}`)),
      clock.sleep(1000).then(() => order.push(`a@${clock.now()}`)),
    ]);
    expect(order).toEqual(["a@1000", "b@5000"]);
  });

  it("does not jump to an aborted sleep", async () => {
    const clock = autoAdvancingClock(0);
    const abort = new AbortController();
    const dropped = clock.sleep(60_000, abort.signal);
    abort.abort(new Error("not needed"));
    await expect(dropped).rejects.toThrow("not needed");
    await clock.sleep(10);
    expect(clock.now()).toBe(10);
  });
});
