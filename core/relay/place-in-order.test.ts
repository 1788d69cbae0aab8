import { beforeEach, describe, expect, it } from "vitest";
import { InMemoryCustomerChat } from "../../test/fakes/in-memory-customer-chat.ts";
import { RecordingFunnel } from "../../test/fakes/in-memory-directory.ts";
import { InMemoryIdempotencyStore } from "../../test/fakes/in-memory-idempotency-store.ts";
import { InMemorySessionStore } from "../../test/fakes/in-memory-session-store.ts";
import { RecordingChannel } from "../../test/fakes/recording-channel.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { newSession, transition } from "../session/deflection-session.ts";
import { CHAT_EVENT, type ChatItem } from "./chat-item.ts";
import { relayChatItem } from "./relay-chat-item.ts";
import type { RelayDeps } from "./relay-deps.ts";

// InMemoryCustomerChat posts its first item at 09:00:01 that day, one second apart after.
const CHAT_START = Date.UTC(2026, 10, 22, 9);
const SETTLE_MS = 250;

let clock: ManualClock;
let chat: InMemoryCustomerChat;
let sms: RecordingChannel;
let deps: RelayDeps;
let waits: number[];
let duringWait: (() => Promise<unknown>) | undefined;

const agentSays = (id: string, content: string): ChatItem =>
  chat.post({
    id,
    type: "MESSAGE",
    contentType: "text/plain",
    content,
    participantRole: "AGENT",
    contactId: "chat-1",
    visibility: "ALL",
  });

const chatEnds = (): ChatItem =>
  chat.post({
    id: "ended",
    type: "EVENT",
    contentType: CHAT_EVENT.chatEnded,
    contactId: "chat-1",
    visibility: "ALL",
  });

/** A notification that arrives `afterMs` after the item was posted. */
async function notify(item: ChatItem, afterMs = 50) {
  clock = new ManualClock(new Date(Date.parse(item.absoluteTime ?? "") + afterMs));
  return relayChatItem({ ...deps, clock }, item);
}

beforeEach(async () => {
  clock = new ManualClock(new Date(CHAT_START));
  chat = new InMemoryCustomerChat();
  chat.openChat("chat-1");
  sms = new RecordingChannel("sms");
  waits = [];
  duringWait = undefined;
  const sessions = new InMemorySessionStore();
  const claims = new InMemoryIdempotencyStore();
  let session = newSession({
    voiceContactId: "voice-1",
    instanceId: "i",
    queueId: "q1",
    channel: "sms",
    address: { channel: "sms", handle: "+447911123456" },
    status: "accepted",
    at: new Date(CHAT_START - 60_000),
  });
  session = transition(session, { to: "message-sent", at: new Date(CHAT_START - 60_000) });
  session = transition(session, { to: "replied", at: new Date(CHAT_START - 1_000) });
  session = transition(session, {
    to: "chat-started",
    at: new Date(CHAT_START),
    chatContactId: "chat-1",
  });
  await sessions.createSession(session);
  await sessions.linkChat("chat-1", "voice-1");
  deps = {
    sessions,
    claims,
    channels: new Map([["sms", sms]]),
    notices: { tellAgent: async () => {} },
    chats: chat,
    connections: chat,
    cursors: chat,
    funnel: new RecordingFunnel(),
    clock,
    relayingSince: new Date(CHAT_START - 3_600_000),
    sleep: async (ms) => {
      waits.push(ms);
      const work = duringWait;
      duringWait = undefined;
      await work?.();
    },
    settings: {
      brandName: "Acme",
      closingText: "Chat closed.",
      agentReplyTemplates: {},
      claimLeaseSeconds: 30,
      orderSettleMs: SETTLE_MS,
      notificationFreshMs: 5_000,
    },
  };
  // The agent joins: that pass reads the transcript once and sets the chat's cursor.
  const joined = chat.post({
    id: "joined",
    type: "EVENT",
    contentType: CHAT_EVENT.participantJoined,
    participantRole: "AGENT",
    contactId: "chat-1",
    visibility: "ALL",
  });
  await notify(joined);
  chat.transcriptReads = 0;
});

const texts = () => sms.sent.map((m) => (m.kind === "text" ? m.text : m.kind));

describe("agent messages sent from their notification", () => {
  it("sends each fresh message in order with no transcript read, held until it settles", async () => {
    const first = agentSays("a1", "Hello");
    const second = agentSays("a2", "How can I help?");
    expect(await notify(first, 40)).toMatchObject({ action: "delivered" });
    expect(await notify(second, 300)).toMatchObject({ action: "delivered" });
    expect(texts()).toEqual(["Hello", "How can I help?"]);
    expect(chat.transcriptReads).toBe(0);
    // Held for what was left of the settle time; one already past it is not held.
    expect(waits).toEqual([SETTLE_MS - 40]);
  });

  it("lets an earlier message that arrives while a later one settles go first", async () => {
    const first = agentSays("a1", "Hello");
    const second = agentSays("a2", "How can I help?");
    duringWait = () => relayChatItem({ ...deps, clock }, first);
    clock = new ManualClock(new Date(Date.parse(second.absoluteTime ?? "") + 10));
    await relayChatItem({ ...deps, clock }, second);
    expect(texts()).toEqual(["Hello", "How can I help?"]);
    expect(chat.transcriptReads).toBe(0);
  });

  it("reads the transcript for a late notification, and sends what came before it first", async () => {
    const first = agentSays("a1", "Hello");
    const second = agentSays("a2", "How can I help?");
    // The first notification never came; the second comes 6 s late.
    expect(await notify(second, 6_000)).toMatchObject({ action: "delivered" });
    expect(texts()).toEqual(["Hello", "How can I help?"]);
    expect(chat.transcriptReads).toBeGreaterThan(0);
    expect(await notify(first)).toEqual({ action: "duplicate" });
  });

  it("after a failed send, sends the next message through the transcript, failed one first", async () => {
    const first = agentSays("a1", "Hello");
    const second = agentSays("a2", "How can I help?");
    sms.failWith = "unavailable";
    await expect(notify(first)).rejects.toThrow("platform down");
    sms.failWith = undefined;
    expect(await notify(second)).toMatchObject({ action: "delivered" });
    expect(texts()).toEqual(["Hello", "How can I help?"]);
    expect(chat.transcriptReads).toBeGreaterThan(0);
    // Order is intact again: the next one needs no read.
    chat.transcriptReads = 0;
    expect(await notify(agentSays("a3", "Anything else?"))).toMatchObject({ action: "delivered" });
    expect(chat.transcriptReads).toBe(0);
  });

  it("reads the transcript when the chat's cursor was set before this process began", async () => {
    deps = { ...deps, relayingSince: new Date(CHAT_START + 60_000) };
    const next = agentSays("a1", "Hello");
    expect(await notify(next)).toMatchObject({ action: "delivered" });
    expect(chat.transcriptReads).toBeGreaterThan(0);
  });

  it("ends a chat whose order is intact with its closing message and no transcript read", async () => {
    expect(await notify(agentSays("a1", "Goodbye"))).toMatchObject({ action: "delivered" });
    const ended = chatEnds();
    expect(await notify(ended)).toMatchObject({ action: "ended", closingSent: true });
    expect(texts()).toEqual(["Goodbye", "Chat closed."]);
    expect(chat.transcriptReads).toBe(0);
  });

  it("reads the transcript at the end when a message before it failed", async () => {
    const last = agentSays("a1", "Goodbye");
    sms.failWith = "unavailable";
    await expect(notify(last)).rejects.toThrow("platform down");
    sms.failWith = undefined;
    const ended = chatEnds();
    expect(await notify(ended)).toMatchObject({ action: "ended", closingSent: true });
    expect(texts()).toEqual(["Goodbye", "Chat closed."]);
    expect(chat.transcriptReads).toBeGreaterThan(0);
  });
});
