import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskHandle } from "../../core/context/call-context.ts";
import { ONE_PAGE_PDF, PNG_1X1 } from "../../emulators/shared-http/test-support/sample-files.ts";
import type { JourneyChannel } from "./customer-apps.ts";
import { CLOSING_TEXT, type E2eWorld, startE2eWorld } from "./e2e-world.ts";
import { JOURNEY_CHANNELS, type JourneyCustomer } from "./journey-channels.ts";

const AGENT_REPLY = "Hi Sam, I can see your call about the bill. Let me check that for you.";
const FIRST_REPLY = "Hi, still there?";
const LATE_REPLY = "One more thing: the refund went to my old card";
const WELCOME_BACK = "Welcome back, Sam. I have your earlier chat here.";
const NEXT_DAY_REPLY = "Sorry for the wait: the refund is on its way to your new card.";
// Past the 24-hour service windows, within Messenger's 7-day HUMAN_AGENT window and the
// chat's own 25-hour duration.
const DAY_AND_A_BIT_MS = 24 * 3_600_000 + 10 * 60_000;
// The customer's last message on Messenger before the call: inside the 24-hour window.
const EARLIER_CONVERSATION_MS = 2 * 3_600_000;
const RECEIPT = { fileName: "receipt.png", ...PNG_1X1 };
const INVOICE = { fileName: "invoice.pdf", ...ONE_PAGE_PDF };

/**
 * Issue 6's end-to-end acceptance on one channel, as one customer's conversation: the steps
 * build on each other in order (vitest runs a file's tests in sequence).
 */
export function describeJourney(channel: JourneyChannel, customer: JourneyCustomer) {
  let world: E2eWorld;
  const facts = JOURNEY_CHANNELS[channel];
  const handle = customer.handle ?? customer.number;
  const journey = { voiceContactId: "", chatContactId: "", secondChatContactId: "" };
  const received = () => world.received(channel, handle);
  const textsTo = () => received().map((m) => m.text);
  const count = (text: string) => textsTo().filter((body) => body === text).length;
  const sentAs = (text: string) => received().find((m) => m.text === text);

  beforeAll(async () => {
    world = await startE2eWorld({ channels: [channel] });
    if (facts.inDirectory) {
      // How the product reaches a caller on a channel the phone number does not name.
      await world.customers.setPreference({
        customerKey: customer.number,
        preferredChannel: channel,
        handle,
      });
    }
    // A Messenger page, a Telegram bot or a LINE account may only write to someone who
    // reached it first (protocols.md §6).
    if (facts.customerWritesFirst) {
      await world.customerWroteEarlier(channel, handle, EARLIER_CONVERSATION_MS);
    }
    await world.setVoiceWait(900);
  });
  afterAll(() => world.close());

  describe(`${channel} journey: deflected call to Connect chat and back`, () => {
    it("1. sends a caller in a busy queue who presses 1 one first message", async () => {
      const contact = await world.call({
        number: customer.number,
        press: "1",
        attributes: { reason: "billing", account: "premium" },
      });
      journey.voiceContactId = contact.id;
      expect(world.heard(contact.id).at(-1)).toContain(facts.spokenConfirmation);
      const sent = received();
      expect(sent).toHaveLength(1);
      facts.checkFirstMessage(sent[0]);
      // The platform's receipt, where it sends one, came back through the webhook function.
      expect(await world.sessions.getSession(contact.id)).toMatchObject({
        status: facts.statusAfterFirstMessage,
        address: { channel, handle },
      });
    });

    it("2. takes the customer's reply through the signed webhook and routes it to resume", async () => {
      await world.transcripts.putSegments(journey.voiceContactId, [
        { participant: "CUSTOMER", text: "I was charged twice for May", offsetMs: 4000 },
      ]);
      const { delivery, routed } = await world.customerSends(channel, handle, FIRST_REPLY);
      expect(delivery.status).toBe(200);
      expect(routed).toBe(1);
      expect(world.inbox.answers.at(-1)).toEqual({ batchItemFailures: [] });
      expect(world.routes.at(-1)).toMatchObject({ outcome: "CHAT_STARTED" });
    });

    it("3. opens one Connect chat linked to the call, with the call's context as attributes for the agent", async () => {
      const chats = world.chatsFor(journey.voiceContactId);
      expect(chats).toHaveLength(1);
      journey.chatContactId = chats[0]?.id ?? "";
      const attributes = await world.attributes(journey.chatContactId);
      expect(attributes).toMatchObject({
        deflectVoiceContactId: journey.voiceContactId,
        deflectChannel: channel,
        deflectHandle: maskHandle(channel, handle),
        deflectOfferedWaitSeconds: "900",
        ivr_reason: "billing",
        ivr_account: "premium",
      });
      expect(attributes?.deflectContext).toContain("- Reason: billing");
      expect(attributes?.deflectCallerWords).toContain("charged twice for May");
      // The chat holds the customer's reply and the flow's greeting, never the context.
      const items = await world.transcript(journey.chatContactId);
      expect(items[0]).toMatchObject({ Content: FIRST_REPLY, ParticipantRole: "CUSTOMER" });
      expect(items.filter((item) => item.ParticipantRole === "CUSTOMER")).toHaveLength(1);
      // The chat flow routes to the caller's own queue, carried by resume's attributes.
      const chatRun = world.connect.control.flowTrace(journey.chatContactId).runs[0];
      expect(chatRun?.visited).toEqual([
        "logging",
        "working-queue",
        "agent-context",
        "greet",
        "enqueue",
      ]);
      expect(await world.sessions.getSession(journey.voiceContactId)).toMatchObject({
        status: "chat-started",
        chatContactId: journey.chatContactId,
      });
    });

    it("4. delivers the agent's reply to the customer exactly once, redeliveries included", async () => {
      await world.agentAvailable();
      await world.agentAccept(journey.chatContactId);
      await world.agentSend(journey.chatContactId, AGENT_REPLY);
      expect(count(AGENT_REPLY)).toBe(1);
      facts.checkTextMessage(sentAs(AGENT_REPLY));
      // The chat flow's greeting, posted before streaming began, goes out first, in chat order.
      const greeting = textsTo().findIndex((text) => text?.startsWith("Thanks for getting back"));
      expect(greeting).toBeGreaterThan(-1);
      expect(greeting).toBeLessThan(textsTo().indexOf(AGENT_REPLY));
      // SNS delivers at least once: every item of the chat again changes nothing.
      const statuses = await world.redeliverChat(journey.chatContactId);
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((status) => status === 200)).toBe(true);
      expect(count(AGENT_REPLY)).toBe(1);
      // The customer's own messages, streamed back as echoes, stay in the chat; the context
      // never was in it.
      expect(textsTo()).not.toContain(FIRST_REPLY);
      expect(textsTo().some((body) => body?.includes("charged twice for May"))).toBe(false);
    });

    it("5. sends the agent's image, and a PDF where the channel carries one, each once", async () => {
      const before = received().length;
      const noticesBefore = world.notices.length;
      await world.agentSendsFile(journey.chatContactId, RECEIPT);
      await world.agentSendsFile(journey.chatContactId, INVOICE);
      await world.redeliverChat(journey.chatContactId);
      const files = received().slice(before);
      const sizeOf = (file: { bytes: Buffer }) => file.bytes.byteLength;
      expect(files.map((m) => m.media)).toEqual([
        { contentType: "image/png", sizeInBytes: sizeOf(RECEIPT) },
        ...(facts.pdf.carried
          ? [{ contentType: "application/pdf", sizeInBytes: sizeOf(INVOICE) }]
          : []),
      ]);
      // Where the PDF cannot go, the agent is told why, once; nothing else failed.
      expect(world.notices.slice(noticesBefore).map((n) => n.text)).toEqual(
        facts.pdf.carried ? [] : [facts.pdf.notice],
      );
      expect(world.errors).toEqual([]);
    });

    it("6. sends the closing message once when the agent ends the chat, and ends the session", async () => {
      await world.agentEnd(journey.chatContactId);
      expect(count(CLOSING_TEXT)).toBe(1);
      facts.checkTextMessage(sentAs(CLOSING_TEXT));
      await world.redeliverChat(journey.chatContactId);
      expect(count(CLOSING_TEXT)).toBe(1);
      expect(count(AGENT_REPLY)).toBe(1);
      expect(await world.sessions.getSession(journey.voiceContactId)).toMatchObject({
        status: "ended",
      });
    });

    it("7. opens a new chat for a later reply, continuing the ended one with its history", async () => {
      const { delivery, routed } = await world.customerSends(channel, handle, LATE_REPLY);
      expect(delivery.status).toBe(200);
      expect(routed).toBe(1);
      const chats = world.chatsFor(journey.voiceContactId);
      expect(chats).toHaveLength(2);
      journey.secondChatContactId = chats[1]?.id ?? "";
      expect(journey.secondChatContactId).not.toBe(journey.chatContactId);
      expect(world.routes.at(-1)).toMatchObject({
        outcome: "CHAT_STARTED",
        voiceContactId: journey.voiceContactId,
        chatContactId: journey.secondChatContactId,
      });
      // PersistentChat: the new chat names the ended one, and through it the call.
      const described = await world.describeContact(journey.secondChatContactId);
      expect(described?.RelatedContactId).toBe(journey.chatContactId);
      expect(await world.attributes(journey.secondChatContactId)).toMatchObject({
        deflectVoiceContactId: journey.voiceContactId,
        deflectPreviousChatContactId: journey.chatContactId,
        deflectChannel: channel,
      });
      // The history carries the first chat; the late reply follows.
      const items = await world.history(journey.secondChatContactId);
      const contents = items.map((item) => item.Content);
      const own = await world.transcript(journey.secondChatContactId);
      const ownCustomer = own.filter((item) => item.ParticipantRole === "CUSTOMER");
      expect(ownCustomer.map((item) => item.Content)).toEqual([LATE_REPLY]);
      expect(contents.indexOf(FIRST_REPLY)).toBeLessThan(contents.indexOf(AGENT_REPLY));
      expect(contents.indexOf(AGENT_REPLY)).toBeLessThan(contents.indexOf(LATE_REPLY));
      expect((await world.attributes(journey.secondChatContactId))?.deflectCallerWords).toContain(
        "charged twice for May",
      );
      expect(await world.sessions.getSession(journey.voiceContactId)).toMatchObject({
        status: "chat-started",
        chatContactId: journey.secondChatContactId,
        previousChatContactId: journey.chatContactId,
      });
      expect(world.inbox.answers.at(-1)).toEqual({ batchItemFailures: [] });
    });

    it("8. relays the continued chat's agent reply to the customer exactly once", async () => {
      await world.agentAvailable();
      await world.agentAccept(journey.secondChatContactId);
      await world.agentSend(journey.secondChatContactId, WELCOME_BACK);
      expect(count(WELCOME_BACK)).toBe(1);
      facts.checkTextMessage(sentAs(WELCOME_BACK));
      await world.redeliverChat(journey.secondChatContactId);
      expect(count(WELCOME_BACK)).toBe(1);
      // Nothing of the first chat went out again, and the late reply stays in the chat.
      expect(count(AGENT_REPLY)).toBe(1);
      expect(count(CLOSING_TEXT)).toBe(1);
      expect(textsTo()).not.toContain(LATE_REPLY);
      expect(await world.sessions.getSession(journey.voiceContactId)).toMatchObject({
        status: "agent-connected",
      });
      expect(world.errors).toEqual([]);
    });

    it("9. carries an agent reply a day after the customer's last message as the channel allows", async () => {
      await world.passTime(DAY_AND_A_BIT_MS);
      const before = received().length;
      const noticesBefore = world.notices.length;
      await world.agentSend(journey.secondChatContactId, NEXT_DAY_REPLY);
      const late = received().slice(before);
      expect(late).toHaveLength(1);
      facts.checkLateAgentReply(late[0], NEXT_DAY_REPLY);
      await world.redeliverChat(journey.secondChatContactId);
      expect(received()).toHaveLength(before + 1);
      // The platforms' echoes of the business's own sends never became customer messages.
      expect(await world.inbox.drain()).toBe(0);
      // Nothing told the agent the reply failed, and nothing went wrong on the way.
      expect(world.notices.slice(noticesBefore)).toEqual([]);
      expect(world.errors).toEqual([]);
    });
  });
}
