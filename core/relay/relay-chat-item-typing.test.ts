import { beforeEach, describe, expect, it } from "vitest";
import { InMemoryCustomerChat } from "../../test/fakes/in-memory-customer-chat.ts";
import { InMemoryIdempotencyStore } from "../../test/fakes/in-memory-idempotency-store.ts";
import { InMemorySessionStore } from "../../test/fakes/in-memory-session-store.ts";
import { RecordingChannel, TypingRecordingChannel } from "../../test/fakes/recording-channel.ts";
import { relayTestDeps } from "../../test/fakes/relay-test-deps.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import type { ChannelKind } from "../channel.ts";
import { type ChannelRules, NO_KEYWORDS } from "../channel-rules.ts";
import { newSession, transition } from "../session/deflection-session.ts";
import { CHAT_EVENT, type ChatItem } from "./chat-item.ts";
import { relayChatItem } from "./relay-chat-item.ts";
import type { RelayDeps } from "./relay-deps.ts";

const HOUR_MS = 3_600_000;
const clock = new ManualClock();
let sessions: InMemorySessionStore;
let claims: InMemoryIdempotencyStore;
let messenger: TypingRecordingChannel;
let whatsapp: RecordingChannel;
let chat: InMemoryCustomerChat;
let deps: RelayDeps;

const windowed = (humanAgentWindowMs?: number): ChannelRules => ({
  serviceWindowMs: 24 * HOUR_MS,
  ...(humanAgentWindowMs === undefined ? {} : { humanAgentWindowMs }),
  templateOutsideWindow: false,
  templateForFirstMessage: false,
  maxTextLength: 2000,
  keywords: NO_KEYWORDS,
  optOutNoticeRequired: false,
});

/** A deflection whose customer replied `repliedHoursAgo` and is now in chat `chatId`. */
async function liveSession(options: {
  channel: ChannelKind;
  repliedHoursAgo?: number;
  chatId?: string;
  voiceId?: string;
}) {
  const { channel, repliedHoursAgo = 1, chatId = "chat-1", voiceId = "voice-1" } = options;
  const replied = new Date(clock.now().getTime() - repliedHoursAgo * HOUR_MS);
  let session = newSession({
    voiceContactId: voiceId,
    instanceId: "i",
    queueId: "q1",
    channel,
    address: { channel, handle: `${channel}-${voiceId}` },
    status: "accepted",
    at: new Date(replied.getTime() - HOUR_MS),
  });
  session = transition(session, { to: "message-sent", at: replied });
  session = transition(session, { to: "replied", at: replied });
  session = transition(session, { to: "chat-started", at: replied, chatContactId: chatId });
  await sessions.createSession(session);
  await sessions.linkChat(chatId, voiceId);
  return session;
}

const typing = (patch: Partial<ChatItem> = {}): ChatItem => ({
  id: "typing-1",
  type: "EVENT",
  contentType: CHAT_EVENT.typing,
  participantRole: "AGENT",
  contactId: "chat-1",
  visibility: "ALL",
  ...patch,
});

beforeEach(() => {
  sessions = new InMemorySessionStore();
  claims = new InMemoryIdempotencyStore();
  messenger = new TypingRecordingChannel("messenger", windowed(7 * 24 * HOUR_MS));
  whatsapp = new RecordingChannel("whatsapp", windowed());
  chat = new InMemoryCustomerChat();
  deps = relayTestDeps({
    sessions,
    claims,
    chat,
    channels: new Map<ChannelKind, RecordingChannel>([
      ["messenger", messenger],
      ["whatsapp", whatsapp],
    ]),
    clock,
  });
});

describe("relayChatItem with the agent typing", () => {
  it("shows typing on a channel with an indicator, at most once per chat every 5 s", async () => {
    const session = await liveSession({ channel: "messenger" });
    expect(await relayChatItem(deps, typing())).toEqual({ action: "typing-shown" });
    clock.advance(4_000);
    expect(await relayChatItem(deps, typing({ id: "typing-2" }))).toEqual({
      action: "ignored",
      reason: "TYPING_THROTTLED",
    });
    clock.advance(1_000);
    // The same event id again: typing is not claimed, so it is no duplicate.
    expect(await relayChatItem(deps, typing())).toEqual({ action: "typing-shown" });
    expect(messenger.typing).toEqual([session.address, session.address]);
    expect(messenger.sent).toEqual([]);
    expect(chat.transcriptReads).toBe(0);
  });

  it("throttles each chat on its own", async () => {
    await liveSession({ channel: "messenger" });
    await liveSession({ channel: "messenger", chatId: "chat-2", voiceId: "voice-2" });
    const first = await relayChatItem(deps, typing());
    const second = await relayChatItem(deps, typing({ id: "t2", contactId: "chat-2" }));
    expect([first, second]).toEqual([{ action: "typing-shown" }, { action: "typing-shown" }]);
    expect(messenger.typing.map((to) => to.handle)).toEqual([
      "messenger-voice-1",
      "messenger-voice-2",
    ]);
  });

  it("ignores typing on a channel without an indicator", async () => {
    await liveSession({ channel: "whatsapp" });
    expect(await relayChatItem(deps, typing())).toEqual({
      action: "ignored",
      reason: "TYPING_UNSUPPORTED",
    });
    expect(whatsapp.sent).toEqual([]);
  });

  it("shows typing only inside the open window, not in the HUMAN_AGENT window or later", async () => {
    await liveSession({ channel: "messenger", repliedHoursAgo: 30 });
    await liveSession({ channel: "messenger", repliedHoursAgo: 200, chatId: "c2", voiceId: "v2" });
    const outside = { action: "ignored", reason: "TYPING_OUTSIDE_WINDOW" };
    expect(await relayChatItem(deps, typing())).toEqual(outside);
    expect(await relayChatItem(deps, typing({ id: "t2", contactId: "c2" }))).toEqual(outside);
    expect(messenger.typing).toHaveLength(0);
  });

  it("answers a refused or unreachable platform as ignored instead of throwing", async () => {
    await liveSession({ channel: "messenger" });
    messenger.failWith = "unavailable";
    expect(await relayChatItem(deps, typing())).toEqual({
      action: "ignored",
      reason: "TYPING_FAILED",
    });
    clock.advance(5_000);
    messenger.failWith = "rejected";
    expect(await relayChatItem(deps, typing({ id: "typing-2" }))).toEqual({
      action: "ignored",
      reason: "TYPING_FAILED",
    });
  });

  it("shows only the agent's typing, only in the session's current live chat", async () => {
    const session = await liveSession({ channel: "messenger" });
    const system = await relayChatItem(deps, typing({ participantRole: "SYSTEM" }));
    const customer = await relayChatItem(deps, typing({ participantRole: "CUSTOMER" }));
    const unknown = await relayChatItem(deps, typing({ contactId: "chat-unknown" }));
    await sessions.linkChat("chat-0", "voice-1");
    const earlier = await relayChatItem(deps, typing({ contactId: "chat-0" }));
    expect(
      [system, customer, unknown, earlier].map((o) => o.action === "ignored" && o.reason),
    ).toEqual(["EVENT_IGNORED", "NOT_FOR_CUSTOMER", "NO_SESSION", "EARLIER_CHAT"]);
    const ended = transition(session, { to: "ended", at: clock.now() });
    await sessions.saveTransition(session, ended);
    expect(await relayChatItem(deps, typing())).toEqual({
      action: "ignored",
      reason: "CHAT_NOT_LIVE",
    });
    expect(messenger.typing).toEqual([]);
  });
});
