import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { ConflictError, InvalidConfigError } from "../../core/errors.ts";
import { isUnroutable } from "../../core/resume/drain-waiting-line.ts";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { DynamoChatConnectionStore, TokenCipher } from "./dynamo-chat-connection-store.ts";

const key = Buffer.alloc(32, 3);
const clock = { now: () => new Date() };
let store: DynamoChatConnectionStore;

beforeAll(async () => {
  const table = await freshTable();
  store = new DynamoChatConnectionStore({
    ...table,
    clock: { now: () => new Date() },
    encryptionKey: key,
  });
});

const record = (chatContactId: string, connectionToken: string) => ({
  chatContactId,
  voiceContactId: "voice-1",
  participantId: "p-1",
  participantToken: "participant-secret",
  connectionToken,
  connectionExpiresAt: "2026-06-11T00:00:00.000Z",
});

describe("DynamoChatConnectionStore on dynalite", () => {
  it("keeps the first reply recorded for a session", async () => {
    const opening = { voiceContactId: "voice-1" };
    const first = { providerMessageId: "m1", text: "first", displayName: "Sam" };
    expect(await store.recordFirstReply(opening, first)).toEqual(first);
    const later = await store.recordFirstReply(opening, { ...first, providerMessageId: "m2" });
    expect(later).toEqual(first);
    expect(await store.getFirstReply(opening)).toEqual(first);
  });

  it("keeps a separate first reply for each chat that continues an ended one", async () => {
    const first = { providerMessageId: "r1", text: "first", displayName: "Sam" };
    const late = { providerMessageId: "r2", text: "one more thing", displayName: "Sam" };
    const later = { providerMessageId: "r3", text: "and another", displayName: "Sam" };
    await store.recordFirstReply({ voiceContactId: "voice-2" }, first);
    const afterOne = { voiceContactId: "voice-2", previousChatContactId: "chat-a" };
    const afterTwo = { voiceContactId: "voice-2", previousChatContactId: "chat-b" };
    expect(await store.recordFirstReply(afterOne, late)).toEqual(late);
    expect(await store.recordFirstReply(afterOne, later)).toEqual(late);
    expect(await store.recordFirstReply(afterTwo, later)).toEqual(later);
    expect(await store.getFirstReply({ voiceContactId: "voice-2" })).toEqual(first);
    expect(await store.getFirstReply(afterOne)).toEqual(late);
    expect(await store.getFirstReply({ ...afterOne, previousChatContactId: "chat-z" })).toBe(
      undefined,
    );
  });

  it("keeps the first connection added for a chat and replaces it on save", async () => {
    expect(await store.addConnection(record("chat-1", "token-a"))).toMatchObject({
      connectionToken: "token-a",
    });
    const raced = await store.addConnection(record("chat-1", "token-b"));
    expect(raced.connectionToken).toBe("token-a");
    await store.saveConnection({ ...raced, connectionToken: "token-c" });
    expect(await store.getConnection("chat-1")).toMatchObject({
      connectionToken: "token-c",
      participantToken: "participant-secret",
    });
    expect(await store.getConnection("chat-unknown")).toBeUndefined();
  });
});

describe("TokenCipher", () => {
  const cipher = new TokenCipher(key);

  it("opens what it sealed, with a fresh nonce each time", () => {
    const a = cipher.seal("secret", "chat-1");
    expect(a).not.toContain("secret");
    expect(cipher.seal("secret", "chat-1")).not.toBe(a);
    expect(cipher.open(a, "chat-1")).toBe("secret");
  });

  it("refuses a token moved to another chat, tampered with, or sealed under another key", () => {
    const sealed = cipher.seal("secret", "chat-1");
    expect(() => cipher.open(sealed, "chat-2")).toThrow();
    const [v, iv, tag, body] = sealed.split(".");
    const flipped = `${body?.startsWith("A") ? "B" : "A"}${body?.slice(1)}`;
    expect(() => cipher.open([v, iv, tag, flipped].join("."), "chat-1")).toThrow();
    expect(() => new TokenCipher(Buffer.alloc(32, 4)).open(sealed, "chat-1")).toThrow();
    expect(() => new TokenCipher(Buffer.alloc(16))).toThrow(InvalidConfigError);
  });
});

describe("a record that vanishes between the failed put and the read", () => {
  it("is a conflict, which resume retries, never invalid input, which it would drop", async () => {
    const table = await freshTable();
    const opening = { voiceContactId: "voice-vanish" };
    const reply = { providerMessageId: "m1", text: "hello", displayName: "Sam" };
    await new DynamoChatConnectionStore({ ...table, clock, encryptionKey: key }).recordFirstReply(
      opening,
      reply,
    );
    // Another writer (the item's time to live) deletes it just before the store reads it back.
    const racing = Object.create(table.documentClient) as typeof table.documentClient;
    racing.send = (async (command: { constructor: { name: string }; input: { Key?: object } }) => {
      if (command.constructor.name === "GetCommand") {
        await table.documentClient.send(
          new DeleteCommand({ TableName: table.tableName, Key: command.input.Key }),
        );
      }
      return table.documentClient.send(command as never);
    }) as typeof racing.send;
    const store = new DynamoChatConnectionStore({
      documentClient: racing,
      tableName: table.tableName,
      clock,
      encryptionKey: key,
    });
    const error = await store.recordFirstReply(opening, reply).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(isUnroutable(error)).toBe(false);
  });
});
