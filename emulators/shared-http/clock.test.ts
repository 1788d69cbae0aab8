import { setTimeout as realDelay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock.ts";

describe("ManualClock.advanceAsync", () => {
  it("lets tracked work finish before the next timer fires", async () => {
    const clock = new ManualClock(0);
    const order: string[] = [];
    clock.setTimeout(() => order.push(`timer@${clock.now()}`), 1000);
    void clock.track(realDelay(20).then(() => order.push(`work@${clock.now()}`)));
    await clock.advanceAsync(2000);
    expect(order).toEqual(["work@0", "timer@1000"]);
    expect(clock.now()).toBe(2000);
  });

  it("fires timers scheduled by async continuations at their own due time", async () => {
    const clock = new ManualClock(0);
    const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    const seen: number[] = [];
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(500);
        await Promise.resolve();
        seen.push(clock.now());
      }
    })();
    await clock.advanceAsync(1200);
    expect(seen).toEqual([500, 1000]);
    await clock.advanceAsync(300);
    expect(seen).toEqual([500, 1000, 1500]);
  });
});

describe("ManualClock with autoAdvance", () => {
  const sleeper = (clock: ManualClock) => (ms: number) =>
    new Promise<void>((resolve) => clock.setTimeout(resolve, ms));

  it("fires timers in time order once in-process work is idle, without real waiting", async () => {
    const clock = new ManualClock(0, { autoAdvance: true });
    const sleep = sleeper(clock);
    const order: string[] = [];
    const started = Date.now();
    await Promise.all([
      sleep(5000).then(() => order.push(`b@${clock.now()}`)),
      sleep(1000).then(() => order.push(`a@${clock.now()}`)),
      sleep(3_600_000).then(() => order.push(`c@${clock.now()}`)),
    ]);
    expect(order).toEqual(["a@1000", "b@5000", "c@3600000"]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("never jumps to a cleared timer", async () => {
    const clock = new ManualClock(0, { autoAdvance: true });
    const dropped = clock.setTimeout(() => {
      throw new Error("a cleared timer fired");
    }, 60_000);
    clock.clearTimeout(dropped);
    await sleeper(clock)(10);
    expect(clock.now()).toBe(10);
    expect(clock.pendingCount).toBe(0);
  });

  it("waits for tracked work before it moves time on", async () => {
    const clock = new ManualClock(0, { autoAdvance: true });
    const order: string[] = [];
    void clock.track(realDelay(20).then(() => order.push(`work@${clock.now()}`)));
    await sleeper(clock)(1000).then(() => order.push(`timer@${clock.now()}`));
    expect(order).toEqual(["work@0", "timer@1000"]);
  });

  it("stays put without autoAdvance until advanced", async () => {
    const clock = new ManualClock(0);
    let woke = false;
    void sleeper(clock)(3000).then(() => {
      woke = true;
    });
    await clock.advanceAsync(2999);
    expect(woke).toBe(false);
    await clock.advanceAsync(1);
    expect(woke).toBe(true);
  });
});
