import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type E2eWorld, startE2eWorld } from "./e2e-world.ts";

const CALLER = "+447911123555";
const SAYS = "I was charged twice for my order, my card number is 4111 1111 1111 1111";
const HEARD_MASKED = "I was charged twice for my order, my card number is [card number removed]";
const REPLY = "Hi, it's about the double charge";

/**
 * Issue 12's acceptance: a caller says why they call (with a card number), accepts the offer
 * and replies on WhatsApp. The agent's context carries that sentence with the number masked,
 * the queue by name and the IVR's answers; the customer's WhatsApp never receives it. The
 * audio is real: espeak-ng speaks the caller, the Connect emulator streams it to Kinesis
 * Video, the transcript function reads it with GetMedia and streams it to the Transcribe
 * emulator, which recognises what the local synthesizer said.
 */
describe("the call's context reaches the agent, and only the agent", () => {
  let world: E2eWorld;
  const call = { voiceContactId: "", chatContactId: "" };

  beforeAll(async () => {
    world = await startE2eWorld({ channels: ["whatsapp"] });
    await world.setVoiceWait(900);
  });
  afterAll(() => world.close());

  it("1. transcribes what the caller said, redacted, before any chat exists", async () => {
    const contact = await world.call({ number: CALLER, says: SAYS, press: "1" });
    call.voiceContactId = contact.id;
    expect(world.heard(contact.id).at(-1)).toContain("We have sent you a WhatsApp message");
    // The worker runs on its own (an asynchronous invoke): wait for its segment.
    const segments = await vi.waitFor(
      async () => {
        const stored = await world.transcripts.segments(contact.id);
        if (stored.length === 0) throw new Error("no segment yet");
        return stored;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(segments.map((s) => [s.participant, s.text])).toEqual([["CUSTOMER", HEARD_MASKED]]);
    expect(await world.sessions.getSession(contact.id)).toMatchObject({
      queueName: "Support",
      languageCode: "en-US",
      contextAttributes: { callReason: "In their own words", callReasonInput: "speech" },
    });
  });

  it("2. opens the chat with the context as attributes for the agent, not as a message", async () => {
    const { routed } = await world.customerSends("whatsapp", CALLER, REPLY);
    expect(routed).toBe(1);
    const [chat] = world.chatsFor(call.voiceContactId);
    call.chatContactId = chat?.id ?? "";
    const attributes = await world.attributes(call.chatContactId);
    expect(attributes.deflectQueueName).toBe("Support");
    expect(attributes.deflectCallerWords).toContain(HEARD_MASKED);
    expect(attributes.deflectContext).toContain("in the Support queue");
    expect(attributes.deflectContext).toContain("- Reason for calling: In their own words");
    expect(JSON.stringify(attributes).replace(/[ -]/g, "")).not.toContain("4111111111111111");
    // The chat holds the customer's reply and the flow's greeting only.
    const items = await world.transcript(call.chatContactId);
    expect(items.filter((i) => i.ParticipantRole === "CUSTOMER").map((i) => i.Content)).toEqual([
      REPLY,
    ]);
    expect(items.some((i) => i.Content?.includes("charged twice for my order"))).toBe(false);
  });

  it("3. shows the agent a guide with the caller's words, masked, and the queue by name", async () => {
    await world.agentAvailable();
    const [view] = world.connect.control.agentViews(call.chatContactId);
    const data = view?.viewData as {
      Sections: string[];
      AttributeBar: { Label: string; Value: string }[];
    };
    expect(data.Sections.join("\n")).toContain(HEARD_MASKED);
    expect(data.AttributeBar).toContainEqual({ Label: "Queue", Value: "Support" });
    expect(data.AttributeBar).toContainEqual({ Label: "Channel", Value: "whatsapp" });
  });

  it("4. never sends the context to the customer's WhatsApp", async () => {
    await world.agentAccept(call.chatContactId);
    await world.agentSend(call.chatContactId, "Hello, I can see you were charged twice.");
    const texts = world.received("whatsapp", CALLER).map((m) => m.text ?? "");
    expect(texts).toContain("Hello, I can see you were charged twice.");
    for (const text of texts) {
      expect(text).not.toContain("my card number");
      expect(text).not.toContain("Moved from a phone call");
      expect(text).not.toContain("Reason for calling");
    }
  });

  it("5. records a key pressed at the reason menu as the caller's reason", async () => {
    const contact = await world.call({ number: "+447911123556", reasonKey: "2", press: "2" });
    expect(await world.sessions.getSession(contact.id)).toMatchObject({
      contextAttributes: { callReason: "Technical problem", callReasonInput: "keypad" },
    });
  });
});
