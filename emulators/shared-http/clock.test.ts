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
