import { beforeAll, describe, expect, it } from "vitest";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { DynamoMetricSnapshotStore } from "./dynamo-metric-snapshot-store.ts";

const clock = new ManualClock();
let store: DynamoMetricSnapshotStore;

beforeAll(async () => {
  const { documentClient, tableName } = await freshTable();
  store = new DynamoMetricSnapshotStore({ documentClient, tableName, clock });
});

describe("DynamoMetricSnapshotStore on dynalite", () => {
  it("gives the refresh lease to exactly one of many racing instances", async () => {
    const wins = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.tryLease({ key: "q1", holder: `h${i}`, leaseMs: 5000 }),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it("frees the lease once it runs out", async () => {
    expect(await store.tryLease({ key: "q2", holder: "a", leaseMs: 5000 })).toBe(true);
    clock.advance(4999);
    expect(await store.tryLease({ key: "q2", holder: "b", leaseMs: 5000 })).toBe(false);
    clock.advance(1);
    expect(await store.tryLease({ key: "q2", holder: "b", leaseMs: 5000 })).toBe(true);
  });

  it("stores and reads back an estimate without disturbing the lease", async () => {
    expect(await store.read("q3")).toBeUndefined();
    expect(await store.tryLease({ key: "q3", holder: "a", leaseMs: 5000 })).toBe(true);
    const estimate = {
      waitSeconds: 321,
      source: "queue-model" as const,
      observedAt: clock.now(),
      contactsInQueue: 4,
    };
    await store.write({ key: "q3", estimate });
    expect(await store.read("q3")).toEqual(estimate);
    expect(await store.tryLease({ key: "q3", holder: "b", leaseMs: 5000 })).toBe(false);
  });
});
