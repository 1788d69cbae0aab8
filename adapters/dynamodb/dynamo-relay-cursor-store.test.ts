import { beforeAll, describe, expect, it } from "vitest";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { DynamoRelayCursorStore } from "./dynamo-relay-cursor-store.ts";

let store: DynamoRelayCursorStore;

beforeAll(async () => {
  store = new DynamoRelayCursorStore({ ...(await freshTable()), clock: { now: () => new Date() } });
});

const at = (second: number) => ({
  itemId: `item-${second}`,
  absoluteTime: new Date(Date.UTC(2026, 10, 22, 9, 0, second)).toISOString(),
});

describe("DynamoRelayCursorStore on dynalite", () => {
  it("has no cursor for a chat the relay has not read", async () => {
    expect(await store.getCursor("chat-none")).toBeUndefined();
  });

  it("moves a chat's cursor forward and never back", async () => {
    await store.advanceCursor("chat-1", at(5));
    await store.advanceCursor("chat-1", at(9));
    await store.advanceCursor("chat-1", at(7));
    await store.advanceCursor("chat-1", at(9));
    expect(await store.getCursor("chat-1")).toEqual(at(9));
  });

  it("keeps each chat's cursor apart", async () => {
    await store.advanceCursor("chat-2", at(1));
    await store.advanceCursor("chat-3", at(2));
    expect(await store.getCursor("chat-2")).toEqual(at(1));
    expect(await store.getCursor("chat-3")).toEqual(at(2));
  });

  it("announces the next item only while every announced one has been dealt with", async () => {
    const notBefore = at(0).absoluteTime;
    expect(await store.announceNext("chat-4", at(5), { notBefore })).toBe(false);
    await store.advanceCursor("chat-4", at(2));
    expect(await store.announceNext("chat-4", at(2), { notBefore })).toBe(false);
    expect(await store.announceNext("chat-4", at(3), { notBefore })).toBe(true);
    // at(3) is not dealt with yet: nothing else goes ahead of it, whatever its time.
    expect(await store.announceNext("chat-4", at(4), { notBefore })).toBe(false);
    await store.advanceCursor("chat-4", at(3));
    expect(await store.getCursor("chat-4")).toEqual(at(3));
    expect(await store.announceNext("chat-4", at(4), { notBefore })).toBe(true);
    // A cursor set before `notBefore` (this process began later) vouches for nothing.
    await store.advanceCursor("chat-4", at(4));
    expect(await store.announceNext("chat-4", at(6), { notBefore: at(5).absoluteTime })).toBe(
      false,
    );
  });
});
