import { describe, expect, it } from "vitest";
import { InMemoryIdempotencyStore } from "../../test/fakes/in-memory-idempotency-store.ts";
import { ConflictError, DependencyFailedError } from "../errors.ts";
import { retryOnConflict, unlessConflict } from "./conflicts.ts";
import { withClaim } from "./with-claim.ts";

describe("retryOnConflict", () => {
  it("runs the attempt again after a lost race, and answers once one wins", async () => {
    let calls = 0;
    const answer = await retryOnConflict(
      async () => {
        calls += 1;
        if (calls < 3) throw new ConflictError("changed");
        return "written";
      },
      { maxAttempts: 5 },
    );
    expect({ answer, calls }).toEqual({ answer: "written", calls: 3 });
  });

  it("gives up after the bound with the last conflict, and never retries another error", async () => {
    let calls = 0;
    const losing = retryOnConflict(
      async () => {
        calls += 1;
        throw new ConflictError(`changed ${calls}`);
      },
      { maxAttempts: 3 },
    );
    await expect(losing).rejects.toThrow("changed 3");
    const failing = retryOnConflict(
      async () => {
        throw new DependencyFailedError("down");
      },
      { maxAttempts: 3 },
    );
    await expect(failing).rejects.toBeInstanceOf(DependencyFailedError);
  });
});

describe("unlessConflict", () => {
  it("adopts the winner's state after a lost race, and rethrows anything else", async () => {
    const adopted = await unlessConflict(
      async () => {
        throw new ConflictError("changed");
      },
      async () => "the winner's",
    );
    expect(adopted).toBe("the winner's");
    const failing = unlessConflict(
      async () => {
        throw new DependencyFailedError("down");
      },
      async () => "never",
    );
    await expect(failing).rejects.toBeInstanceOf(DependencyFailedError);
  });
});

describe("withClaim", () => {
  it("does the work once, answers its result after, and releases the claim when it throws", async () => {
    const store = new InMemoryIdempotencyStore();
    const spec = { key: "k", ttlSeconds: 60, leaseSeconds: 30 };
    await expect(
      withClaim(store, spec, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(store.peek("k")).toBeUndefined();
    expect(await withClaim(store, spec, async () => ({ n: "1" }))).toEqual({
      state: "done",
      result: { n: "1" },
    });
    expect(await withClaim(store, spec, async () => ({ n: "2" }))).toEqual({
      state: "completed",
      result: { n: "1" },
    });
  });
});
