import { describe, expect, it } from "vitest";
import type { ChatItem } from "../../core/relay/chat-item.ts";
import { backoffDelayMs } from "../../relay/websocket/backoff.ts";
import { ItemQueue } from "../../relay/websocket/item-queue.ts";
import { parseServerFrame } from "../../relay/websocket/websocket-frames.ts";

const item = {
  AbsoluteTime: "2026-11-22T08:00:00.000Z",
  Content: "Hello from the agent",
  ContentType: "text/plain",
  Id: "item-1",
  Type: "MESSAGE",
  ParticipantId: "p-agent",
  DisplayName: "Alice",
  ParticipantRole: "AGENT",
  InitialContactId: "chat-0",
  ContactId: "chat-1",
  MessageMetadata: { MessageId: "item-1", Receipts: [] },
  SomeKeyConnectAddsLater: true,
};
const chatFrame = (content: unknown) =>
  JSON.stringify({ topic: "aws/chat", contentType: "application/json", content });

describe("participant websocket frames", () => {
  it("reads an aws/chat item, ignoring keys it does not know, as visible to all", () => {
    expect(parseServerFrame(chatFrame(JSON.stringify(item)))).toEqual({
      kind: "item",
      item: {
        id: "item-1",
        type: "MESSAGE",
        contentType: "text/plain",
        content: "Hello from the agent",
        participantRole: "AGENT",
        displayName: "Alice",
        contactId: "chat-1",
        initialContactId: "chat-0",
        absoluteTime: "2026-11-22T08:00:00.000Z",
        visibility: "ALL",
      },
    });
  });

  it("tells a successful subscription from a refused one, and reads heartbeats", () => {
    const ack = (status: string) =>
      JSON.stringify({ topic: "aws/subscribe", content: { status, topics: ["aws/chat"] } });
    expect(parseServerFrame(ack("success"))).toEqual({
      kind: "subscribed",
      ok: true,
      status: "success",
    });
    expect(parseServerFrame(ack("failure"))).toMatchObject({ kind: "subscribed", ok: false });
    expect(parseServerFrame('{"topic":"aws/heartbeat"}')).toEqual({ kind: "heartbeat" });
    expect(parseServerFrame('{"topic":"aws/ping","statusCode":200}')).toEqual({
      kind: "other",
      topic: "aws/ping",
    });
  });

  it("rejects malformed frames with a clear error", () => {
    expect(() => parseServerFrame("not json")).toThrow(/websocket frame is not JSON/);
    expect(() => parseServerFrame('{"content":1}')).toThrow(/invalid websocket frame/);
    expect(() => parseServerFrame(chatFrame({ Id: "x" }))).toThrow(/content is not a string/);
    expect(() => parseServerFrame(chatFrame("{oops"))).toThrow(/aws\/chat content is not JSON/);
    const { Id: _id, ...withoutId } = item;
    expect(() => parseServerFrame(chatFrame(JSON.stringify(withoutId)))).toThrow(
      /invalid chat item/,
    );
  });
});

describe("reconnect backoff", () => {
  it("grows exponentially up to the cap, never below half the ceiling", () => {
    const options = { baseMs: 100, maxMs: 1_000 };
    const low = (attempt: number) => backoffDelayMs(attempt, { ...options, random: () => 0 });
    const high = (attempt: number) =>
      backoffDelayMs(attempt, { ...options, random: () => 0.999999 });
    expect([0, 1, 2, 3, 4, 10].map(low)).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 10].map(high)).toEqual([99, 199, 399, 799, 999, 999]);
  });
});

describe("a conversation's item queue", () => {
  const chatItem = (id: string): ChatItem => ({
    id,
    type: "MESSAGE",
    contentType: "text/plain",
    contactId: "chat-1",
    visibility: "ALL",
  });

  it("skips an id seen among the recent ones and keeps handling after a failure", async () => {
    const handled: string[] = [];
    const errors: unknown[] = [];
    const queue = new ItemQueue({ rememberIds: 2, onError: (error) => errors.push(error) });
    const handle = (next: ChatItem) => {
      if (next.id === "b") throw new Error("messenger down");
      handled.push(next.id);
    };
    const pushed = ["a", "b", "a", "c", "a"].map((id) => queue.pushItem(chatItem(id), handle));
    await queue.idle();
    // "a" is forgotten once two newer ids ("b", "c") have been seen.
    expect(pushed).toEqual([true, true, false, true, true]);
    expect(handled).toEqual(["a", "c", "a"]);
    expect(errors).toHaveLength(1);
    expect(queue.pending).toBe(0);
  });
});
