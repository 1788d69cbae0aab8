import { beforeAll, describe, expect, it } from "vitest";
import { InvalidConfigError } from "../../core/errors.ts";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { DynamoChatConnectionStore, TokenCipher } from "./dynamo-chat-connection-store.ts";

const key = Buffer.alloc(32, 3);
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
    const first = { providerMessageId: "m1", text: "first", displayName: "Sam" };
    expect(await store.recordFirstReply("voice-1", first)).toEqual(first);
    const later = await store.recordFirstReply("voice-1", { ...first, providerMessageId: "m2" });
    expect(later).toEqual(first);
    expect(await store.getFirstReply("voice-1")).toEqual(first);
  });

  it("keeps the first connection added for a chat and replaces it on save", async () => {
    expect(await store.addConnection(record("chat-1", "token-a"))).toMatchObject({
      connectionToken: "token-a",
    });
    const raced = await store.addConnection(record("chat-1", "token-b"));
    expect(raced.connectionToken).toBe("token-a");
    await store.saveConnection({ ...raced, connectionToken: "token-c", contextSentAt: "now" });
    expect(await store.getConnection("chat-1")).toMatchObject({
      connectionToken: "token-c",
      participantToken: "participant-secret",
      contextSentAt: "now",
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
