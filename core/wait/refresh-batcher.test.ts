import { beforeEach, describe, expect, it } from "vitest";
import { CountingQueueMetrics } from "../../test/fakes/counting-queue-metrics.ts";
import { InMemoryMetricSnapshotStore } from "../../test/fakes/in-memory-metric-snapshot-store.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { DependencyFailedError } from "../errors.ts";
import type { MetricSnapshotStore } from "../ports/metric-snapshot-store.ts";
import { CachedQueueMetrics } from "./cached-queue-metrics.ts";
import { TokenBucket } from "./token-bucket.ts";

let clock: ManualClock;
let source: CountingQueueMetrics;
let store: InMemoryMetricSnapshotStore;

const realSleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function instance(
  holderId: string,
  options: { rate?: number; burst?: number; snapshots?: MetricSnapshotStore } = {},
) {
  return new CachedQueueMetrics({
    source,
    snapshots: options.snapshots ?? store,
    clock,
    holderId,
    queueBucket: new TokenBucket({
      ratePerSecond: options.rate ?? 2,
      burst: options.burst ?? 5,
      clock,
    }),
    contactBucket: new TokenBucket({ ratePerSecond: 1, burst: 1, clock }),
    refreshIntervalMs: 5000,
    maxStaleMs: 30_000,
    peerWaitMs: 200,
    sleep: realSleep,
  });
}

const QUEUES = Array.from({ length: 10 }, (_, i) => `q${i}`);
const check = (metrics: CachedQueueMetrics, queueId: string) =>
  metrics.queueWait({ queue: { instanceId: "i", queueId }, channel: "VOICE" });

/** 1000 checks over the 10 queues, started in one tick, alternating instances per 10. */
async function thousandChecks(a: CachedQueueMetrics, b: CachedQueueMetrics) {
  const checks = Array.from({ length: 1000 }, (_, i) =>
    check(Math.floor(i / 10) % 2 ? b : a, QUEUES[i % 10] as string).then((e) => e.waitSeconds),
  );
  const answers = await Promise.all(checks);
  expect(answers).toEqual(Array.from({ length: 1000 }, (_, i) => (i % 10) * 60));
}

beforeEach(() => {
  clock = new ManualClock();
  source = new CountingQueueMetrics(clock);
  store = new InMemoryMetricSnapshotStore(clock);
  for (const [i, queueId] of QUEUES.entries()) source.waits.set(queueId, i * 60);
});

describe("CachedQueueMetrics batching refreshes", () => {
  it("reads 10 queues for 1000 checks on two instances in one request per refresh interval", async () => {
    // Both instances miss all 10 queues in the same tick. The first batch to run takes all
    // 10 leases before the other starts (the in-memory store settles within microtasks), so
    // the other instance reads no API and serves the first one's snapshots.
    const [a, b] = [instance("a"), instance("b")];
    await thousandChecks(a, b);
    expect(source.queueRequests).toEqual([QUEUES]);
    clock.advance(4999);
    await thousandChecks(a, b);
    expect(source.requests).toBe(1);
    clock.advance(1);
    await thousandChecks(a, b);
    expect(source.queueRequests).toEqual([QUEUES, QUEUES]);
  });

  it("reads each queue once across instances when the leases split: one request per instance", async () => {
    // Lease writes race: a wins the even queues and b the odd ones. Each instance then reads
    // only what it leased, in one request, and serves the other's queues from the snapshot.
    const splitting: MetricSnapshotStore = {
      read: (key) => store.read(key),
      write: (options) => store.write(options),
      tryLease: async (options) => {
        const even = Number(/#q(\d+)#/.exec(options.key)?.[1]) % 2 === 0;
        if (even !== (options.holder === "a")) await realSleep(20);
        return store.tryLease(options);
      },
    };
    const a = instance("a", { snapshots: splitting });
    const b = instance("b", { snapshots: splitting });
    await thousandChecks(a, b);
    const sorted = source.queueRequests.map((ids) => [...ids].sort());
    expect(sorted).toEqual([
      ["q0", "q2", "q4", "q6", "q8"],
      ["q1", "q3", "q5", "q7", "q9"],
    ]);
  });

  it("serves every queue's stale estimate when the token bucket is starved", async () => {
    const metrics = instance("a", { rate: 0.001, burst: 1 });
    await Promise.all(QUEUES.map((queueId) => check(metrics, queueId)));
    expect(source.requests).toBe(1);
    clock.advance(10_000);
    for (const queueId of QUEUES) source.waits.set(queueId, 1);
    const stale = await Promise.all(QUEUES.map((queueId) => check(metrics, queueId)));
    expect(stale.map((e) => e.waitSeconds)).toEqual(QUEUES.map((_, i) => i * 60));
    expect(source.requests).toBe(1);
  });

  it("waits for the next token when it is due within the token wait", async () => {
    const metrics = new CachedQueueMetrics({
      source,
      snapshots: store,
      clock,
      holderId: "a",
      queueBucket: new TokenBucket({ ratePerSecond: 2, burst: 1, clock }),
      contactBucket: new TokenBucket({ ratePerSecond: 1, burst: 1, clock }),
      tokenWaitMs: 1000,
      // The bucket runs on the manual clock: sleeping moves it.
      sleep: async (ms) => {
        clock.advance(ms);
        await realSleep(0);
      },
    });
    await check(metrics, "q1");
    const estimate = await check(metrics, "q2");
    expect(estimate.waitSeconds).toBe(120);
    expect(source.queueRequests).toEqual([["q1"], ["q2"]]);
  });

  it("serves stale estimates per queue when a batch fails, and fails the queues with none", async () => {
    const metrics = instance("a");
    await Promise.all(QUEUES.slice(0, 5).map((queueId) => check(metrics, queueId)));
    clock.advance(6000);
    source.failure = new DependencyFailedError("throttled");
    const answers = await Promise.allSettled(QUEUES.map((queueId) => check(metrics, queueId)));
    expect(source.queueRequests).toEqual([QUEUES.slice(0, 5), QUEUES]);
    answers.slice(0, 5).forEach((answer, i) => {
      expect(answer).toMatchObject({ status: "fulfilled", value: { waitSeconds: i * 60 } });
    });
    for (const answer of answers.slice(5)) {
      expect(answer.status).toBe("rejected");
      const reason = (answer as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(DependencyFailedError);
      expect(reason.message).toMatch(/no recent queue metrics/);
    }
  });

  it("answers queueWaits for 150 queues with one request per 100 queues", async () => {
    const many = Array.from({ length: 150 }, (_, i) => `m${i}`);
    source.waits.set("m149", 900);
    const metrics = instance("a");
    const estimates = await metrics.queueWaits({
      instanceId: "i",
      queueIds: many,
      channel: "CHAT",
    });
    expect([...estimates.keys()]).toEqual(many);
    expect(estimates.get("m149")?.waitSeconds).toBe(900);
    expect(source.queueRequests.map((ids) => ids.length)).toEqual([100, 50]);
  });
});
