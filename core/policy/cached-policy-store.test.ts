import { describe, expect, it } from "vitest";
import { InMemoryPolicyStore } from "../../test/fakes/in-memory-directory.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { CachedPolicyStore } from "./cached-policy-store.ts";
import { parseQueuePolicy } from "./queue-policy.ts";

const policy = (mode: "live" | "shadow") =>
  parseQueuePolicy({ queueId: "q", timeZone: "UTC", mode, channels: { sms: { enabled: true } } });

describe("CachedPolicyStore", () => {
  it("serves a policy from memory until its time to live runs out", async () => {
    const clock = new ManualClock();
    const store = new InMemoryPolicyStore();
    await store.putPolicy(policy("live"));
    const cached = new CachedPolicyStore({ store, clock, ttlMs: 5000 });
    expect((await cached.getPolicy("q"))?.mode).toBe("live");
    await store.putPolicy(policy("shadow"));
    clock.advance(4999);
    expect((await cached.getPolicy("q"))?.mode).toBe("live");
    clock.advance(1);
    expect((await cached.getPolicy("q"))?.mode).toBe("shadow");
  });

  it("sees its own writes at once", async () => {
    const clock = new ManualClock();
    const cached = new CachedPolicyStore({ store: new InMemoryPolicyStore(), clock, ttlMs: 5000 });
    expect(await cached.getPolicy("q")).toBeUndefined();
    await cached.putPolicy(policy("shadow"));
    expect((await cached.getPolicy("q"))?.mode).toBe("shadow");
    await cached.setActiveChannels("q", new Set(["sms"]));
    expect([...(await cached.getActiveChannels("q"))]).toEqual(["sms"]);
  });
});
