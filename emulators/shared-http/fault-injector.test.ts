import { describe, expect, it } from "vitest";
import { FaultInjector } from "./fault-injector.ts";

const throttled = { status: 429 };
const broken = { status: 500 };

describe("the emulators' one fault engine", () => {
  it("applies queued faults in order, an operation's own before the catch-all, and counts them", () => {
    const faults = new FaultInjector();
    faults.failNext("*", broken);
    faults.failNext("Send", throttled, 2);
    expect([faults.take("Send"), faults.take("Send"), faults.take("Send")]).toEqual([
      throttled,
      throttled,
      broken,
    ]);
    expect(faults.take("Send")).toBeUndefined();
    expect(faults.injected.get("Send")).toBe(3);
  });

  it("rolls several rates for one operation in turn, the same way for the same seed", () => {
    const rolls = (seed: number) => {
      const faults = new FaultInjector(seed);
      faults.setFailureRates("Send", [
        { rate: 0.2, fault: throttled },
        { rate: 0.2, fault: broken },
      ]);
      return Array.from({ length: 200 }, () => faults.take("Send")?.status ?? 200);
    };
    const first = rolls(7);
    expect(rolls(7)).toEqual(first);
    expect(first.filter((s) => s === 429).length).toBeGreaterThan(20);
    expect(first.filter((s) => s === 500).length).toBeGreaterThan(15);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(100);
  });

  it("forgets one operation's faults and latency, or all of them", () => {
    const faults = new FaultInjector();
    faults.failNext("Send", throttled);
    faults.setLatency("Send", 50);
    faults.failNext("Read", broken);
    faults.clear("Send");
    expect(faults.take("Send")).toBeUndefined();
    expect(faults.latencyOf("Send")).toBe(0);
    expect(faults.take("Read")).toEqual(broken);
  });
});
