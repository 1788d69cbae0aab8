import { beforeAll, describe, expect, it } from "vitest";
import { ConflictError } from "../../core/errors.ts";
import { newSession, transition } from "../../core/session/deflection-session.ts";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { DynamoSessionStore } from "./dynamo-session-store.ts";

const clock = new ManualClock();
let store: DynamoSessionStore;

beforeAll(async () => {
  const { documentClient, tableName } = await freshTable();
  store = new DynamoSessionStore({ documentClient, tableName, clock });
});

function session(voiceContactId: string, handle = "+447911123456") {
  return newSession({
    voiceContactId,
    instanceId: "instance-1",
    queueId: "queue-1",
    channel: "whatsapp",
    address: { channel: "whatsapp", handle },
    contextAttributes: { intent: "billing" },
    status: "accepted",
    at: clock.now(),
  });
}

describe("DynamoSessionStore on dynalite", () => {
  it("creates a session once; a retried create returns the first one unchanged", async () => {
    const first = await store.createSession(session("c-create"));
    expect(first.created).toBe(true);
    const retry = await store.createSession({ ...session("c-create"), queueId: "other" });
    expect(retry).toMatchObject({ created: false, existing: { queueId: "queue-1" } });
    expect(await store.getSession("c-create")).toEqual(session("c-create"));
  });

  it("finds the newest session by the customer's address", async () => {
    const handle = "+447911000001";
    await store.createSession(session("c-old", handle));
    clock.advance(1000);
    await store.createSession(session("c-new", handle));
    const found = await store.findByAddress({ channel: "whatsapp", handle });
    expect(found?.voiceContactId).toBe("c-new");
    // Replaying the older create must not steal the pointer back.
    await store.createSession(session("c-old", handle));
    expect((await store.findByAddress({ channel: "whatsapp", handle }))?.voiceContactId).toBe(
      "c-new",
    );
    expect(await store.findByAddress({ channel: "sms", handle })).toBeUndefined();
  });

  it("saves a transition conditionally on status and version", async () => {
    const created = session("c-transition");
    await store.createSession(created);
    const sent = transition(created, {
      to: "message-sent",
      at: clock.now(),
      outboundMessageId: "m1",
    });
    await store.saveTransition(created, sent);
    expect(await store.getSession("c-transition")).toMatchObject({
      status: "message-sent",
      version: 2,
      outboundMessageId: "m1",
    });
    // Saving the same step again is stale now.
    await expect(store.saveTransition(created, sent)).rejects.toBeInstanceOf(ConflictError);
  });

  it("lets exactly one of two racing writers win; the other gets a ConflictError", async () => {
    const created = session("c-race");
    await store.createSession(created);
    const base = (await store.getSession("c-race")) ?? created;
    const viaDelivery = transition(base, { to: "message-sent", at: clock.now(), reason: "a" });
    const viaFailure = transition(base, { to: "failed", at: clock.now(), reason: "b" });
    const results = await Promise.allSettled([
      store.saveTransition(base, viaDelivery),
      store.saveTransition(base, viaFailure),
    ]);
    const winners = results.filter((r) => r.status === "fulfilled");
    const losers = results.filter((r) => r.status === "rejected");
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect((losers[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const stored = await store.getSession("c-race");
    expect(stored?.version).toBe(2);
    expect(["message-sent", "failed"]).toContain(stored?.status);
  });

  it("treats an expired claim as gone, even before DynamoDB deletes it", async () => {
    const claim = { key: "inbound#twilio#SM-ttl", ttlSeconds: 60, leaseSeconds: 30 };
    expect(await store.claimIdempotencyKey(claim)).toMatchObject({ state: "claimed" });
    await store.completeIdempotencyKey({ key: claim.key, result: { outcome: "recorded" } });
    expect((await store.claimIdempotencyKey(claim)).state).toBe("completed");
    clock.advance(61_000);
    expect(await store.claimIdempotencyKey(claim)).toMatchObject({ state: "claimed" });
  });

  it("races many claimers of one key: exactly one gets the claim", async () => {
    const claim = { key: "inbound#meta#mid.race", ttlSeconds: 3600, leaseSeconds: 30 };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => store.claimIdempotencyKey(claim)),
    );
    expect(answers.filter((a) => a.state === "claimed")).toHaveLength(1);
  });

  it("claims an idempotency key once and hands the stored result to later callers", async () => {
    const key = { key: "send#c-idem", ttlSeconds: 3600, leaseSeconds: 30 };
    expect(await store.claimIdempotencyKey(key)).toMatchObject({ state: "claimed" });
    expect((await store.claimIdempotencyKey(key)).state).toBe("in-progress");
    await store.completeIdempotencyKey({ key: key.key, result: { sent: "true", id: "SM1" } });
    expect(await store.claimIdempotencyKey(key)).toEqual({
      state: "completed",
      result: { sent: "true", id: "SM1" },
    });
  });

  it("lets a claim whose worker died be taken over after the lease", async () => {
    const key = { key: "send#c-lease", ttlSeconds: 3600, leaseSeconds: 30 };
    expect(await store.claimIdempotencyKey(key)).toMatchObject({ state: "claimed" });
    clock.advance(10_000);
    expect((await store.claimIdempotencyKey(key)).state).toBe("in-progress");
    clock.advance(31_000);
    expect(await store.claimIdempotencyKey(key)).toMatchObject({ state: "claimed" });
  });

  it("releases a failed claim for an immediate retry, but never someone else's claim", async () => {
    const key = { key: "send#c-release", ttlSeconds: 3600, leaseSeconds: 30 };
    const first = await store.claimIdempotencyKey(key);
    if (first.state !== "claimed") throw new Error("expected a claim");
    await store.releaseIdempotencyKey({ key: key.key, claimId: first.claimId });
    const second = await store.claimIdempotencyKey(key);
    expect(second.state).toBe("claimed");
    // The first worker's late release must not free the second worker's claim.
    await store.releaseIdempotencyKey({ key: key.key, claimId: first.claimId });
    expect((await store.claimIdempotencyKey(key)).state).toBe("in-progress");
  });

  it("links a chat to its session", async () => {
    await store.createSession(session("c-chat"));
    await store.linkChat("chat-1", "c-chat");
    expect((await store.findByChat("chat-1"))?.voiceContactId).toBe("c-chat");
    expect(await store.findByChat("chat-unknown")).toBeUndefined();
  });
});
