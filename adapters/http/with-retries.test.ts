import { describe, expect, it } from "vitest";
import { type AttemptOutcome, retryAfterMs, withRetries } from "./with-retries.ts";

describe("retryAfterMs", () => {
  const now = Date.parse("2026-12-07T21:00:00Z");

  it("reads delay-seconds", () => {
    expect(retryAfterMs("3", now)).toBe(3_000);
    expect(retryAfterMs(" 0 ", now)).toBe(0);
  });

  it("reads an HTTP date as the time left until it, and a past date as no wait", () => {
    expect(retryAfterMs("Mon, 07 Dec 2026 21:00:05 GMT", now)).toBe(5_000);
    expect(retryAfterMs("Mon, 07 Dec 2026 20:59:00 GMT", now)).toBe(0);
  });

  it("ignores a missing or unreadable value, so the backoff applies", () => {
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs("", now)).toBeUndefined();
    expect(retryAfterMs("-1", now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
  });
});

describe("withRetries", () => {
  /** An attempt that always asks for a retry, and settles with the number of attempts made. */
  function alwaysRetrying(clock: { ms: number }, attemptMs: number) {
    let attempts = 0;
    const attempt = async (): Promise<AttemptOutcome<number>> => {
      attempts += 1;
      clock.ms += attemptMs;
      return { kind: "retry", reason: "server-error", settle: async () => attempts };
    };
    return attempt;
  }

  it("starts no retry whose wait would end past the budget", async () => {
    const clock = { ms: 0 };
    const waits: number[] = [];
    const attempts = await withRetries(
      {
        operation: "Vendor.send",
        maxAttempts: 10,
        budgetMs: 2_500,
        random: () => 1,
        now: () => clock.ms,
        sleep: async (ms) => {
          waits.push(ms);
          clock.ms += ms;
        },
      },
      alwaysRetrying(clock, 1_000),
    );
    // 1,000 ms attempt + 200 ms wait + 1,000 ms attempt = 2,200; a 400 ms wait would pass 2,500.
    expect(attempts).toBe(2);
    expect(waits).toEqual([200]);
  });

  it("stops at maxAttempts without a budget", async () => {
    const clock = { ms: 0 };
    const policy = { operation: "Vendor.send", maxAttempts: 4, sleep: async () => {} };
    expect(await withRetries(policy, alwaysRetrying(clock, 1_000))).toBe(4);
  });
});
