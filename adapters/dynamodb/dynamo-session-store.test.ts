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

  it("links a chat to its session", async () => {
    await store.createSession(session("c-chat"));
    await store.linkChat("chat-1", "c-chat");
    expect((await store.findByChat("chat-1"))?.voiceContactId).toBe("c-chat");
    expect(await store.findByChat("chat-unknown")).toBeUndefined();
  });
});
