import { randomUUID } from "node:crypto";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { DynamoLiveChatList } from "./dynamo-live-chat-list.ts";

let table: Awaited<ReturnType<typeof freshTable>>;
const clockState = { offsetMs: 0 };
const clock = { now: () => new Date(Date.now() + clockState.offsetMs) };

beforeAll(async () => {
  table = await freshTable("live-chats");
});

/** Tests share the table; each compares against what was listed before it began. */
const freshList = (options: { ttlSeconds?: number; pageSize?: number } = {}) =>
  new DynamoLiveChatList({
    documentClient: table.documentClient,
    tableName: table.tableName,
    clock,
    ...options,
  });

describe("DynamoLiveChatList on dynalite", () => {
  it("lists the chats added, across every shard, and forgets the removed ones", async () => {
    const live = freshList();
    const before = new Set(await live.list());
    // Enough chats that every one of the 8 shards gets some (40 left one empty ~4 % of runs).
    const chats = Array.from({ length: 200 }, () => `chat-${randomUUID()}`);
    await Promise.all(chats.map((chat) => live.add(chat)));
    await live.add(chats[0] ?? "");
    await live.remove(chats[1] ?? "");
    await live.remove("chat-never-listed");

    const listed = (await live.list()).filter((chat) => !before.has(chat));
    expect(listed.sort()).toEqual(
      chats
        .slice(2)
        .concat(chats[0] ?? "")
        .sort(),
    );
    const { Items } = await table.documentClient.send(
      new ScanCommand({ TableName: table.tableName }),
    );
    const shards = new Set((Items ?? []).map((item) => String(item.pk)));
    expect(shards.size).toBe(8);
    expect([...shards].every((pk) => /^LIVECHAT#[0-7]$/.test(pk))).toBe(true);
  });

  it("pages through a shard larger than one query page", async () => {
    const live = freshList({ pageSize: 2 });
    const before = new Set(await live.list());
    const chats = Array.from({ length: 30 }, () => `chat-${randomUUID()}`);
    await Promise.all(chats.map((chat) => live.add(chat)));
    const listed = (await live.list()).filter((chat) => !before.has(chat));
    expect(listed.sort()).toEqual([...chats].sort());
  });

  it("leaves a chat out once its lapse time has passed, until it is added again", async () => {
    const live = freshList({ ttlSeconds: 60 });
    const chat = `chat-${randomUUID()}`;
    await live.add(chat);
    expect(await live.list()).toContain(chat);
    clockState.offsetMs = 61_000;
    try {
      expect(await live.list()).not.toContain(chat);
      await live.add(chat);
      expect(await live.list()).toContain(chat);
    } finally {
      clockState.offsetMs = 0;
    }
  });

  it("refuses an empty chat id with a clear error", async () => {
    await expect(freshList().add("")).rejects.toThrow(/contact id/);
  });
});
