import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHAT_EVENT } from "../../core/relay/chat-item.ts";
import {
  BUSINESS_NUMBER,
  REPLY_TEMPLATE,
  type RelayWorld,
  startRelayWorld,
} from "./relay-world.ts";

let world: RelayWorld;
let nextNumber = 100;
const customer = () => `+4479111${String(nextNumber++).padStart(5, "0")}`;

beforeAll(async () => {
  world = await startRelayWorld();
});
afterAll(async () => {
  await world?.close();
});
beforeEach(() => {
  world.clockState.offsetMs = 0;
});

/** The agent accepts; the relay has seen the join (and sent what came before it) on return. */
async function agentJoins(contactId: string): Promise<void> {
  world.connect.control.agentAccept("alice", contactId);
  await world.connect.control.flushStreaming();
}

async function agentSays(contactId: string, text: string): Promise<string> {
  const item = world.connect.control.agentSend("alice", contactId, text);
  await world.connect.control.flushStreaming();
  return item.Id;
}

const bodiesTo = (to: string) => world.twilio.sent({ to }).map((m) => m.body);

describe("relay in streaming mode, against the Connect and Twilio emulators", () => {
  it("delivers an agent message to the customer's SMS once, even when SNS delivers it twice", async () => {
    const number = customer();
    const chat = await world.openChat({ channel: "sms", handle: number, repliedHoursAgo: 1 });
    await agentJoins(chat.contactId);
    const itemId = await agentSays(chat.contactId, "Hi, I can see your order");

    expect(await world.redeliver(itemId)).toBe(200);
    expect(world.outcomes.get(itemId)).toEqual({ action: "duplicate" });
    expect(bodiesTo(number)).toEqual(["Hi, I can see your order"]);
    expect(world.twilio.sent({ to: number })[0]?.from).toBe(BUSINESS_NUMBER);
    const session = await world.sessions.getSession(chat.voiceContactId);
    expect(session?.status).toBe("agent-connected");
  });

  it("does not echo the customer's own message back to them", async () => {
    const number = customer();
    const chat = await world.openChat({ channel: "sms", handle: number, repliedHoursAgo: 1 });
    world.connect.control.customerSend(chat.contactId, "Where is my parcel?");
    await world.connect.control.flushStreaming();

    const streamed = world.connect.control
      .deliveries()
      .filter(
        (d) => d.contactId === chat.contactId && String(d.envelope.Message).includes("parcel"),
      );
    expect(streamed.map((d) => d.status)).toEqual([200]);
    expect(world.outcomes.get(streamed[0]?.itemId ?? "")).toEqual({
      action: "ignored",
      reason: "NOT_FOR_CUSTOMER",
    });
    expect(bodiesTo(number)).toEqual([]);
  });

  it("sends the reply template on WhatsApp once the customer's 24-hour window has closed", async () => {
    const number = customer();
    const chat = await world.openChat({ channel: "whatsapp", handle: number, repliedHoursAgo: 30 });
    await agentJoins(chat.contactId);
    await agentSays(chat.contactId, "Your refund was approved");

    const sent = world.twilio.sent({ to: `whatsapp:${number}` });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      contentSid: REPLY_TEMPLATE,
      body: "Acme: an agent replied: Your refund was approved",
    });
  });

  it("sends free text on WhatsApp inside the window, and falls back to the template when the platform says the window closed", async () => {
    const inside = customer();
    const open = await world.openChat({ channel: "whatsapp", handle: inside, repliedHoursAgo: 2 });
    world.twilio.openWindow(`whatsapp:${inside}`, `whatsapp:${BUSINESS_NUMBER}`);
    world.connect.control.agentAccept("alice", open.contactId);
    await agentSays(open.contactId, "Inside the window");
    expect(world.twilio.sent({ to: `whatsapp:${inside}` })[0]).toMatchObject({
      body: "Inside the window",
      contentSid: null,
    });

    // The session believes the window is open; Twilio knows no recent inbound and says 63016.
    const stale = customer();
    const chat = await world.openChat({ channel: "whatsapp", handle: stale, repliedHoursAgo: 2 });
    await agentJoins(chat.contactId);
    await agentSays(chat.contactId, "Are you still there?");
    const sent = world.twilio.sent({ to: `whatsapp:${stale}` });
    expect(sent.map((m) => m.contentSid)).toEqual([REPLY_TEMPLATE]);
  });

  it("tells the agent in the chat, once, why a message could not reach the customer", async () => {
    const number = customer();
    const chat = await world.openChat({ channel: "sms", handle: number, repliedHoursAgo: 1 });
    world.twilio.setOptOut(number, BUSINESS_NUMBER, true);
    await agentJoins(chat.contactId);
    const itemId = await agentSays(chat.contactId, "Can I call you back?");
    await world.redeliver(itemId);

    expect(bodiesTo(number)).toEqual([]);
    expect(world.noticesIn(chat.contactId)).toEqual([
      "[Automatic notice, not from the customer] Not delivered to the customer: the customer has opted out of messages.",
    ]);
  });

  it("on chat.ended sends one closing message and ends the session, keeping the chat's mapping", async () => {
    const number = customer();
    const chat = await world.openChat({ channel: "sms", handle: number, repliedHoursAgo: 1 });
    await agentJoins(chat.contactId);
    world.connect.control.agentEnd("alice", chat.contactId);
    await world.connect.control.flushStreaming();
    const ended = world.connect.control
      .deliveries()
      .find(
        (d) =>
          d.contactId === chat.contactId &&
          d.envelope.MessageAttributes !== undefined &&
          String(d.envelope.Message).includes(CHAT_EVENT.chatEnded),
      );
    expect(ended).toBeDefined();
    await world.redeliver(ended?.itemId ?? "");

    expect(bodiesTo(number)).toEqual([
      "This chat has ended. Reply here any time to start a new one.",
    ]);
    expect((await world.sessions.getSession(chat.voiceContactId))?.status).toBe("ended");
    expect((await world.sessions.findByChat(chat.contactId))?.voiceContactId).toBe(
      chat.voiceContactId,
    );
  });

  it("frees a send that failed once for the next delivery, and delivers it once", async () => {
    const number = customer();
    const chat = await world.openChat({ channel: "sms", handle: number, repliedHoursAgo: 1 });
    await agentJoins(chat.contactId);
    world.twilio.faults.failNext("messages.create", { status: 503 });
    const itemId = await agentSays(chat.contactId, "Sorry for the wait");
    const first = world.connect.control.deliveries().find((d) => d.itemId === itemId);
    expect(first?.status).toBe(503);
    expect(bodiesTo(number)).toEqual([]);

    // The failed attempt gave its claim up, so SNS's next try sends at once.
    expect(await world.redeliver(itemId)).toBe(200);
    expect(await world.redeliver(itemId)).toBe(200);
    expect(bodiesTo(number)).toEqual(["Sorry for the wait"]);
  });

  it("keeps the agent's order when an earlier message failed and a later one arrives first", async () => {
    const number = customer();
    const chat = await world.openChat({ channel: "sms", handle: number, repliedHoursAgo: 1 });
    await agentJoins(chat.contactId);
    world.twilio.faults.failNext("messages.create", { status: 503 });
    const first = await agentSays(chat.contactId, "Let me look");
    await agentSays(chat.contactId, "Found it: refunded today");
    // The later notification sent the failed earlier message first.
    expect(bodiesTo(number)).toEqual(["Let me look", "Found it: refunded today"]);
    expect(await world.redeliver(first)).toBe(200);
    expect(bodiesTo(number)).toEqual(["Let me look", "Found it: refunded today"]);
  });

  it("does not send again after a relay restart in the middle of a conversation", async () => {
    const number = customer();
    const chat = await world.openChat({ channel: "sms", handle: number, repliedHoursAgo: 1 });
    await agentJoins(chat.contactId);
    const before = await agentSays(chat.contactId, "First answer");
    await world.restartRelay();
    expect(await world.redeliver(before)).toBe(200);
    await agentSays(chat.contactId, "Second answer");

    expect(bodiesTo(number)).toEqual(["First answer", "Second answer"]);
  });

  it("refuses a delivery whose signature does not match, and sends nothing", async () => {
    const number = customer();
    const chat = await world.openChat({ channel: "sms", handle: number, repliedHoursAgo: 1 });
    await agentJoins(chat.contactId);
    world.twilio.faults.failNext("messages.create", { status: 503 });
    const itemId = await agentSays(chat.contactId, "Genuine text");
    const delivery = world.connect.control.deliveries().find((d) => d.itemId === itemId);
    const forged = String(delivery?.envelope.Message).replace("Genuine text", "Forged text");
    world.clockState.offsetMs = 31_000;

    expect(await world.redeliver(itemId, { Message: forged })).toBe(403);
    expect(await world.redeliver(itemId, { Signature: undefined })).toBe(403);
    expect(bodiesTo(number)).toEqual([]);
    expect(await world.redeliver(itemId)).toBe(200);
    expect(bodiesTo(number)).toEqual(["Genuine text"]);
  });
});
