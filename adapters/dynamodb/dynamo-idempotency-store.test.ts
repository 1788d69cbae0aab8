import { beforeAll, describe, expect, it } from "vitest";
import { withClaim } from "../../core/reliability/with-claim.ts";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { DynamoIdempotencyStore } from "./dynamo-idempotency-store.ts";

const clock = new ManualClock();
let store: DynamoIdempotencyStore;

beforeAll(async () => {
  const { documentClient, tableName } = await freshTable();
  store = new DynamoIdempotencyStore({ documentClient, tableName, clock });
});

describe("DynamoIdempotencyStore on dynalite", () => {
  it("treats an expired claim as gone, even before DynamoDB deletes it", async () => {
    const claim = { key: "inbound#twilio#SM-ttl", ttlSeconds: 60, leaseSeconds: 30 };
    expect(await store.claim(claim)).toMatchObject({ state: "claimed" });
    await store.complete({ key: claim.key, result: { outcome: "recorded" } });
    expect((await store.claim(claim)).state).toBe("completed");
    clock.advance(61_000);
    expect(await store.claim(claim)).toMatchObject({ state: "claimed" });
  });

  it("races many claimers of one key: exactly one gets the claim", async () => {
    const claim = { key: "inbound#meta#mid.race", ttlSeconds: 3600, leaseSeconds: 30 };
    const answers = await Promise.all(Array.from({ length: 10 }, () => store.claim(claim)));
    expect(answers.filter((a) => a.state === "claimed")).toHaveLength(1);
  });

  it("claims an idempotency key once and hands the stored result to later callers", async () => {
    const key = { key: "send#c-idem", ttlSeconds: 3600, leaseSeconds: 30 };
    expect(await store.claim(key)).toMatchObject({ state: "claimed" });
    expect((await store.claim(key)).state).toBe("in-progress");
    await store.complete({ key: key.key, result: { sent: "true", id: "SM1" } });
    expect(await store.claim(key)).toEqual({
      state: "completed",
      result: { sent: "true", id: "SM1" },
    });
  });

  it("lets a claim whose worker died be taken over after the lease", async () => {
    const key = { key: "send#c-lease", ttlSeconds: 3600, leaseSeconds: 30 };
    expect(await store.claim(key)).toMatchObject({ state: "claimed" });
    clock.advance(10_000);
    expect((await store.claim(key)).state).toBe("in-progress");
    clock.advance(31_000);
    expect(await store.claim(key)).toMatchObject({ state: "claimed" });
  });

  it("releases a failed claim for an immediate retry, but never someone else's claim", async () => {
    const key = { key: "send#c-release", ttlSeconds: 3600, leaseSeconds: 30 };
    const first = await store.claim(key);
    if (first.state !== "claimed") throw new Error("expected a claim");
    await store.release({ key: key.key, claimId: first.claimId });
    const second = await store.claim(key);
    expect(second.state).toBe("claimed");
    // The first worker's late release must not free the second worker's claim.
    await store.release({ key: key.key, claimId: first.claimId });
    expect((await store.claim(key)).state).toBe("in-progress");
  });

  it("under withClaim, releases the claim when the work throws, so a retry does it at once", async () => {
    const spec = { key: "send#c-kernel", ttlSeconds: 3600, leaseSeconds: 30 };
    const failing = withClaim(store, spec, async () => {
      throw new Error("the send blew up");
    });
    await expect(failing).rejects.toThrow("the send blew up");
    const retried = await withClaim(store, spec, async () => ({ sent: "true" }));
    expect(retried).toEqual({ state: "done", result: { sent: "true" } });
    const again = await withClaim(store, spec, async () => ({ sent: "twice" }));
    expect(again).toEqual({ state: "completed", result: { sent: "true" } });
  });
});
