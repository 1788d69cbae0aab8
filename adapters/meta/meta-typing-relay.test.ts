import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChannelKind } from "../../core/channel.ts";
import type { OutboundChannel } from "../../core/ports/messenger-channel.ts";
import { CHAT_EVENT, type ChatItem } from "../../core/relay/chat-item.ts";
import { relayChatItem } from "../../core/relay/relay-chat-item.ts";
import type { RelayDeps } from "../../core/relay/relay-deps.ts";
import { newSession, transition } from "../../core/session/deflection-session.ts";
import { type MetaEmulator, startMetaEmulator } from "../../emulators/meta/index.ts";
import { InMemoryCustomerChat } from "../../test/fakes/in-memory-customer-chat.ts";
import { InMemorySessionStore } from "../../test/fakes/in-memory-session-store.ts";
import { relayTestDeps } from "../../test/fakes/relay-test-deps.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { MetaMessengerSender } from "./send.ts";

const PSID = "24019283746509876";
const HOUR_MS = 3_600_000;

let emulator: MetaEmulator;
let deps: RelayDeps;
let clock: ManualClock;

beforeAll(async () => {
  emulator = await startMetaEmulator({ deliveryEvents: false });
});
afterAll(() => emulator.close());

/** A Messenger deflection whose customer replied `repliedHoursAgo`, now in chat-1. */
async function messengerChatBeforeHours(repliedHoursAgo: number): Promise<void> {
  clock = new ManualClock(new Date(emulator.clock.now()));
  const sessions = new InMemorySessionStore();
  const replied = new Date(clock.now().getTime() - repliedHoursAgo * HOUR_MS);
  let session = newSession({
    voiceContactId: "voice-1",
    instanceId: "i",
    queueId: "q1",
    channel: "messenger",
    address: { channel: "messenger", handle: PSID },
    status: "accepted",
    at: new Date(replied.getTime() - HOUR_MS),
  });
  session = transition(session, { to: "message-sent", at: replied });
  session = transition(session, { to: "replied", at: replied });
  session = transition(session, { to: "chat-started", at: replied, chatContactId: "chat-1" });
  await sessions.createSession(session);
  await sessions.linkChat("chat-1", "voice-1");
  emulator.userWrote(PSID, replied.getTime());
  const chat = new InMemoryCustomerChat();
  const messenger = new MetaMessengerSender({
    pageAccessToken: emulator.pageAccessToken,
    graphOrigin: emulator.url,
  });
  deps = relayTestDeps({
    sessions,
    chat,
    channels: new Map<ChannelKind, OutboundChannel>([["messenger", messenger]]),
    clock,
  });
}

const agentTyping: ChatItem = {
  id: "typing-1",
  type: "EVENT",
  contentType: CHAT_EVENT.typing,
  participantRole: "AGENT",
  contactId: "chat-1",
  visibility: "ALL",
};

beforeEach(() => emulator.reset());

describe("the relay showing the agent typing on Messenger", () => {
  it("sends one typing_on sender action to the customer's PSID", async () => {
    await messengerChatBeforeHours(1);
    expect(await relayChatItem(deps, agentTyping)).toEqual({ action: "typing-shown" });
    expect(await relayChatItem(deps, { ...agentTyping, id: "typing-2" })).toEqual({
      action: "ignored",
      reason: "TYPING_THROTTLED",
    });
    expect(emulator.sent()).toEqual([
      expect.objectContaining({ recipientId: PSID, senderAction: "typing_on", messageId: null }),
    ]);
  });

  it("sends no sender action after 24 h, when Graph would refuse it untagged", async () => {
    await messengerChatBeforeHours(30);
    expect(await relayChatItem(deps, agentTyping)).toEqual({
      action: "ignored",
      reason: "TYPING_OUTSIDE_WINDOW",
    });
    expect(emulator.requests.list().filter((r) => r.body.includes("sender_action"))).toHaveLength(
      0,
    );
  });
});
