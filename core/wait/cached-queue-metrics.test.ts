import { beforeEach, describe, expect, it } from "vitest";
import { CountingQueueMetrics } from "../../test/fakes/counting-queue-metrics.ts";
import { InMemoryMetricSnapshotStore } from "../../test/fakes/in-memory-metric-snapshot-store.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { DependencyFailedError } from "../errors.ts";
import { CachedQueueMetrics } from "./cached-queue-metrics.ts";
import { TokenBucket } from "./token-bucket.ts";

let clock: ManualClock;
let source: CountingQueueMetrics;
let snapshots: InMemoryMetricSnapshotStore;

function instance(holderId: string, rate = 2, burst = 5) {
  return new CachedQueueMetrics({
    source,
    snapshots,
    clock,
    holderId,
    queueBucket: new TokenBucket({ ratePerSecond: rate, burst, clock }),
    contactBucket: new TokenBucket({ ratePerSecond: 1, burst: 1, clock }),
    refreshIntervalMs: 5000,
    maxStaleMs: 30_000,
    peerWaitMs: 200,
    sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
  });
}

const queue = (queueId: string) => ({ instanceId: "i", queueId });

beforeEach(() => {
  clock = new ManualClock();
  source = new CountingQueueMetrics(clock);
  snapshots = new InMemoryMetricSnapshotStore(clock);
});

describe("CachedQueueMetrics", () => {
  it("reads each queue once per refresh interval, however many checks arrive", async () => {
    const a = instance("a", 100, 100);
    const b = instance("b", 100, 100);
    const checks = Array.from({ length: 1000 }, (_, i) =>
      (i % 2 ? a : b).queueWait({ queue: queue(`q${i % 10}`), channel: "VOICE" }),
    );
    await Promise.all(checks);
    expect(source.queueReads).toBe(10);
    // Instance a only saw odd queues and b even ones: one request of five queues each.
    expect(source.queueRequests.map((ids) => ids.length)).toEqual([5, 5]);
    clock.advance(4999);
    await Promise.all(
      checks.map((_, i) => a.queueWait({ queue: queue(`q${i % 10}`), channel: "VOICE" })),
    );
    expect(source.queueReads).toBe(10);
    clock.advance(1);
    await Promise.all(
      checks.map((_, i) => b.queueWait({ queue: queue(`q${i % 10}`), channel: "VOICE" })),
    );
    expect(source.queueReads).toBe(20);
  });

  it("serves a stale estimate when the token bucket is empty, and fails past max staleness", async () => {
    const metrics = instance("a", 0.001, 1);
    source.waits.set("q1", 420);
    expect((await metrics.queueWait({ queue: queue("q1"), channel: "VOICE" })).waitSeconds).toBe(
      420,
    );
    clock.advance(10_000);
    source.waits.set("q1", 10);
    const stale = await metrics.queueWait({ queue: queue("q1"), channel: "VOICE" });
    expect(stale.waitSeconds).toBe(420);
    expect(source.queueReads).toBe(1);
    clock.advance(30_000);
    await expect(
      metrics.queueWait({ queue: queue("q1"), channel: "VOICE" }),
    ).rejects.toBeInstanceOf(DependencyFailedError);
  });

  it("waits briefly for the instance holding the lease instead of reading the API too", async () => {
    const metrics = instance("late");
    await snapshots.tryLease({ key: "i#q9#VOICE", holder: "peer", leaseMs: 5000 });
    setTimeout(() => {
      void snapshots.write({
        key: "i#q9#VOICE",
        estimate: { waitSeconds: 77, source: "queue-model", observedAt: clock.now() },
      });
    }, 60);
    const estimate = await metrics.queueWait({ queue: queue("q9"), channel: "VOICE" });
    expect(estimate.waitSeconds).toBe(77);
    expect(source.queueReads).toBe(0);
  });

  it("falls back to the queue estimate when the per-contact budget is spent", async () => {
    const metrics = instance("a");
    source.waits.set("contact-1", 90);
    source.waits.set("q1", 600);
    const contact = { instanceId: "i", contactId: "contact-1" };
    expect((await metrics.contactWait({ contact, queue: queue("q1") })).waitSeconds).toBe(90);
    const other = { instanceId: "i", contactId: "contact-2" };
    const fallback = await metrics.contactWait({ contact: other, queue: queue("q1") });
    expect(fallback).toMatchObject({ waitSeconds: 600, source: "estimated-wait-time" });
    expect(source.contactReads).toBe(1);
  });
});

describe("TokenBucket", () => {
  it("allows a burst, then refills at the configured rate", () => {
    clock = new ManualClock();
    const bucket = new TokenBucket({ ratePerSecond: 2, burst: 3, clock });
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.msUntilNextToken()).toBe(500);
    clock.advance(499);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(1);
    expect(bucket.tryTake()).toBe(true);
    clock.advance(60_000);
    expect(Array.from({ length: 5 }, () => bucket.tryTake()).filter(Boolean)).toHaveLength(3);
  });
});

describe("CachedQueueMetrics when the API fails", () => {
  it("serves the last estimate while the API errors, and reports the failure once nothing is left", async () => {
    const metrics = instance("a", 100, 100);
    source.waits.set("q1", 500);
    await metrics.queueWait({ queue: queue("q1"), channel: "VOICE" });
    source.failure = new DependencyFailedError("throttled");
    clock.advance(6000);
    expect((await metrics.queueWait({ queue: queue("q1"), channel: "VOICE" })).waitSeconds).toBe(
      500,
    );
    clock.advance(60_000);
    await expect(metrics.queueWait({ queue: queue("q1"), channel: "VOICE" })).rejects.toThrow(
      "no recent queue metrics",
    );
  });
});
