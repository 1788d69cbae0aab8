import { beforeEach, describe, expect, it } from "vitest";
import { InMemoryCustomerChat } from "../../test/fakes/in-memory-customer-chat.ts";
import { InMemoryIdempotencyStore } from "../../test/fakes/in-memory-idempotency-store.ts";
import { InMemorySessionStore } from "../../test/fakes/in-memory-session-store.ts";
import { RecordingChannel } from "../../test/fakes/recording-channel.ts";
import { relayTestDeps } from "../../test/fakes/relay-test-deps.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { SMS_KEYWORDS } from "../channel-rules.ts";
import { ConflictError, DependencyFailedError, NotFoundError } from "../errors.ts";
import type { ChatNotices } from "../ports/chat-notices.ts";
import { type DeflectionSession, newSession, transition } from "../session/deflection-session.ts";
import { CHAT_EVENT, type ChatItem } from "./chat-item.ts";
import { relayChatItem } from "./relay-chat-item.ts";
import type { RelayDeps } from "./relay-deps.ts";

const HOUR_MS = 3_600_000;
const clock = new ManualClock();
let sessions: InMemorySessionStore;
let claims: InMemoryIdempotencyStore;
let whatsapp: RecordingChannel;
let notices: { chatContactId: string; text: string; clientToken: string }[];
let deps: RelayDeps;
let chat: InMemoryCustomerChat;

const whatsAppRules = {
  serviceWindowMs: 24 * HOUR_MS,
  templateOutsideWindow: true,
  templateForFirstMessage: true,
  maxTextLength: 1600,
  keywords: SMS_KEYWORDS,
  optOutNoticeRequired: false,
};

async function liveSession(repliedHoursAgo = 1): Promise<DeflectionSession> {
  const start = new Date(clock.now().getTime() - (repliedHoursAgo + 1) * HOUR_MS);
  let session = newSession({
    voiceContactId: "voice-1",
    instanceId: "i",
    queueId: "q1",
    channel: "whatsapp",
    address: { channel: "whatsapp", handle: "+447911123456" },
    status: "accepted",
    at: start,
  });
  const replied = new Date(clock.now().getTime() - repliedHoursAgo * HOUR_MS);
  session = transition(session, { to: "message-sent", at: start });
  session = transition(session, { to: "replied", at: replied });
  session = transition(session, { to: "chat-started", at: replied, chatContactId: "chat-1" });
  await sessions.createSession(session);
  await sessions.linkChat("chat-1", "voice-1");
  return session;
}

const item = (patch: Partial<ChatItem> = {}): ChatItem => ({
  id: "item-1",
  type: "MESSAGE",
  contentType: "text/plain",
  content: "Your refund is on its way",
  participantRole: "AGENT",
  contactId: "chat-1",
  visibility: "ALL",
  ...patch,
});

beforeEach(() => {
  sessions = new InMemorySessionStore();
  claims = new InMemoryIdempotencyStore();
  whatsapp = new RecordingChannel("whatsapp", whatsAppRules);
  notices = [];
  chat = new InMemoryCustomerChat();
  chat.openChat("chat-1");
  const recordingNotices: ChatNotices = { tellAgent: async (notice) => void notices.push(notice) };
  deps = relayTestDeps({
    sessions,
    claims,
    chat,
    channels: new Map([["whatsapp", whatsapp]]),
    clock,
    notices: recordingNotices,
    settings: {
      closingText: "Chat closed. Reply any time.",
      agentReplyTemplates: { whatsapp: "HX-reply" },
    },
  });
});

const texts = () => whatsapp.sent.map((m) => (m.kind === "text" ? m.text : m.kind));

describe("relayChatItem", () => {
  it("sends an agent message inside the window as free text, once per item id", async () => {
    await liveSession(1);
    expect(await relayChatItem(deps, item())).toMatchObject({
      action: "delivered",
      mode: "free-text",
    });
    expect(await relayChatItem(deps, item())).toEqual({ action: "duplicate" });
    expect(whatsapp.sent).toEqual([
      expect.objectContaining({
        kind: "text",
        text: "Your refund is on its way",
        reference: "item-1",
      }),
    ]);
  });

  it("drops the customer's own echo and items only the agent sees", async () => {
    await liveSession(1);
    const echo = await relayChatItem(deps, item({ participantRole: "CUSTOMER" }));
    const hidden = await relayChatItem(deps, item({ id: "item-2", visibility: "AGENT" }));
    expect([echo, hidden]).toEqual([
      { action: "ignored", reason: "NOT_FOR_CUSTOMER" },
      { action: "ignored", reason: "NOT_FOR_CUSTOMER" },
    ]);
    expect(whatsapp.sent).toHaveLength(0);
  });

  it("uses the reply template outside the 24-hour window", async () => {
    await liveSession(30);
    const outcome = await relayChatItem(deps, item());
    expect(outcome).toMatchObject({ action: "delivered", mode: "template" });
    expect(whatsapp.sent[0]).toMatchObject({
      kind: "template",
      templateId: "HX-reply",
      variables: { "1": "Acme", "2": "Your refund is on its way" },
    });
  });

  it("tells the agent, once, when no template can carry the message", async () => {
    await liveSession(30);
    const noTemplate = { ...deps, settings: { ...deps.settings, agentReplyTemplates: {} } };
    expect(await relayChatItem(noTemplate, item())).toEqual({
      action: "not-delivered",
      reason: "NO_TEMPLATE",
    });
    await relayChatItem(noTemplate, item());
    expect(whatsapp.sent).toHaveLength(0);
    expect(notices).toEqual([
      expect.objectContaining({ chatContactId: "chat-1", clientToken: "relay-notice#item-1" }),
    ]);
    expect(notices[0]?.text).toMatch(/^Not delivered to the customer: .*no reply template/);
  });

  it("tells the agent when the platform refuses the message", async () => {
    await liveSession(1);
    whatsapp.failWith = "rejected";
    expect(await relayChatItem(deps, item())).toMatchObject({ action: "not-delivered" });
    expect(notices).toHaveLength(1);
  });

  it("throws on a passing failure and frees the item for the retry", async () => {
    await liveSession(1);
    whatsapp.failWith = "unavailable";
    await expect(relayChatItem(deps, item())).rejects.toBeInstanceOf(DependencyFailedError);
    whatsapp.failWith = undefined;
    expect(await relayChatItem(deps, item())).toMatchObject({ action: "delivered" });
  });

  it("asks for a retry while another worker holds an earlier message of the chat", async () => {
    await liveSession(1);
    const first = chat.post(item({ id: "a", content: "first" }));
    const second = chat.post(item({ id: "b", content: "second" }));
    await claims.claim({ key: "relay#a", ttlSeconds: 60, leaseSeconds: 30 });
    await expect(relayChatItem(deps, second)).rejects.toBeInstanceOf(ConflictError);
    expect(whatsapp.sent).toHaveLength(0);
    await claims.complete({ key: "relay#a", result: { sent: "true" } });
    expect(await relayChatItem(deps, second)).toMatchObject({ action: "delivered" });
    expect(await relayChatItem(deps, first)).toEqual({ action: "duplicate" });
  });

  it("asks for a retry while the chat is not linked to a session", async () => {
    await expect(relayChatItem(deps, item())).rejects.toBeInstanceOf(NotFoundError);
  });

  it("moves the session on the agent joining and ends it with one closing message", async () => {
    await liveSession(1);
    const joined = item({
      id: "joined",
      type: "EVENT",
      contentType: CHAT_EVENT.participantJoined,
    });
    expect(await relayChatItem(deps, joined)).toEqual({
      action: "session-moved",
      status: "agent-connected",
    });
    expect(await relayChatItem(deps, joined)).toEqual({
      action: "ignored",
      reason: "SESSION_UNCHANGED",
    });
    const ended = item({ id: "end", type: "EVENT", contentType: CHAT_EVENT.chatEnded });
    const { participantRole: _, ...noRole } = ended;
    expect(await relayChatItem(deps, { ...noRole, participantRole: "SYSTEM" })).toEqual({
      action: "ended",
      closingSent: true,
    });
    expect(await relayChatItem(deps, ended)).toEqual({ action: "duplicate" });
    expect(whatsapp.sent.map((m) => (m.kind === "text" ? m.text : ""))).toEqual([
      "Chat closed. Reply any time.",
    ]);
    expect((await sessions.getSession("voice-1"))?.status).toBe("ended");
    expect((await sessions.findByChat("chat-1"))?.voiceContactId).toBe("voice-1");
  });

  it("ignores a late end of an earlier chat once the customer's reply opened a new one", async () => {
    const first = await liveSession();
    const ended = transition(first, { to: "ended", at: clock.now() });
    await sessions.saveTransition(first, ended);
    const reopened = transition(transition(ended, { to: "replied", at: clock.now() }), {
      to: "chat-started",
      at: clock.now(),
      chatContactId: "chat-2",
    });
    await sessions.saveTransition(ended, reopened);
    const lateEnd = item({ id: "late-end", type: "EVENT", contentType: CHAT_EVENT.chatEnded });
    expect(await relayChatItem(deps, lateEnd)).toEqual({
      action: "ignored",
      reason: "EARLIER_CHAT",
    });
    expect((await sessions.getSession("voice-1"))?.status).toBe("chat-started");
    expect(whatsapp.sent).toHaveLength(0);
  });

  it("sends the messages before a notified one first, in chat order, each once", async () => {
    await liveSession(1);
    const [a, b, c, d] = ["one", "two", "three", "four"].map((text) =>
      chat.post(item({ id: text, content: text })),
    );
    expect(await relayChatItem(deps, c as ChatItem)).toMatchObject({ action: "delivered" });
    for (const late of [a, b, c, d]) await relayChatItem(deps, late as ChatItem);
    expect(texts()).toEqual(["one", "two", "three", "four"]);
    expect(await chat.getCursor("chat-1")).toMatchObject({ itemId: "four" });
  });

  it("skips the customer's echoes, events and its own notices in between", async () => {
    await liveSession(1);
    chat.post(item({ id: "a", content: "agent one" }));
    chat.post(item({ id: "echo", content: "customer", participantRole: "CUSTOMER" }));
    chat.post(item({ id: "bot", content: "Not delivered", participantRole: "CUSTOM_BOT" }));
    chat.post(item({ id: "typing", type: "EVENT", contentType: CHAT_EVENT.typing }));
    const last = chat.post(item({ id: "b", content: "agent two" }));
    await relayChatItem(deps, last);
    expect(texts()).toEqual(["agent one", "agent two"]);
  });

  it("holds later messages back until a failed earlier one has gone", async () => {
    await liveSession(1);
    const first = chat.post(item({ id: "a", content: "first" }));
    const second = chat.post(item({ id: "b", content: "second" }));
    whatsapp.failWith = "unavailable";
    await expect(relayChatItem(deps, first)).rejects.toBeInstanceOf(DependencyFailedError);
    await expect(relayChatItem(deps, second)).rejects.toBeInstanceOf(DependencyFailedError);
    whatsapp.failWith = undefined;
    await relayChatItem(deps, second);
    await relayChatItem(deps, first);
    expect(texts()).toEqual(["first", "second"]);
  });

  it("waits for a fresh message the transcript does not show yet, and sends a late one alone", async () => {
    await liveSession(1);
    const unseen = item({ id: "ahead", absoluteTime: clock.now().toISOString() });
    await expect(relayChatItem(deps, unseen)).rejects.toBeInstanceOf(DependencyFailedError);
    expect(whatsapp.sent).toHaveLength(0);
    clock.advance(31_000);
    expect(await relayChatItem(deps, unseen)).toMatchObject({ action: "delivered" });
  });

  it("sends the agent's last messages before the closing message", async () => {
    await liveSession(1);
    chat.post(item({ id: "a", content: "last words" }));
    const end = chat.post(item({ id: "end", type: "EVENT", contentType: CHAT_EVENT.chatEnded }));
    expect(await relayChatItem(deps, end)).toEqual({ action: "ended", closingSent: true });
    expect(texts()).toEqual(["last words", "Chat closed. Reply any time."]);
  });

  it("ignores the agent typing on a channel without a typing indicator", async () => {
    await liveSession(1);
    const typing = item({ type: "EVENT", contentType: CHAT_EVENT.typing });
    expect(await relayChatItem(deps, typing)).toEqual({
      action: "ignored",
      reason: "TYPING_UNSUPPORTED",
    });
    expect(whatsapp.sent).toHaveLength(0);
  });
});
