import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cardDigits } from "../../test/support/sensitive-text.ts";
import type { TranscriptSegment } from "../ports/transcript-source.ts";
import { Redactor } from "../redaction/redactor.ts";
import { type DeflectionSession, newSession } from "../session/deflection-session.ts";
import { buildCallContext, maskHandle } from "./call-context.ts";
import { contextAttributes, utf8Length } from "./context-attributes.ts";
import { contextText } from "./context-text.ts";

const session: DeflectionSession = newSession({
  voiceContactId: "voice-1",
  instanceId: "instance-1",
  queueId: "queue-1",
  queueName: "Billing",
  languageCode: "en-US",
  channel: "whatsapp",
  address: { channel: "whatsapp", handle: "+447700900123" },
  contextAttributes: { callReason: "billing", callReasonInput: "keypad", accountType: "premium" },
  offeredWaitSeconds: 840,
  at: new Date("2026-03-01T10:00:00Z"),
});

const said = (...texts: string[]): TranscriptSegment[] =>
  texts.map((text, i) => ({ participant: "CUSTOMER", text, offsetMs: 4000 + i * 5000 }));

describe("the call's context for the agent", () => {
  it("names the queue, the wait, the masked handle, the IVR answers and the caller's words", () => {
    const text = contextText(
      buildCallContext({
        session,
        segments: said("I was charged twice for one order"),
        redactor: new Redactor(),
      }),
    );
    expect(text).toContain("in the Billing queue to WhatsApp (+••••••••0123)");
    expect(text).toContain("Estimated wait when offered: 14 min.");
    expect(text).toContain("- Reason for calling: billing");
    expect(text).toContain("- Reason given by: keypad");
    expect(text).toContain("- Account type: premium");
    expect(text).toContain("[0:04] I was charged twice for one order");
    expect(text).not.toContain("queue-1");
  });

  it("shows the queue's id when the call did not name it", () => {
    const { queueName: _name, ...unnamed } = session;
    expect(
      buildCallContext({ session: unnamed, segments: [], redactor: new Redactor() }).queue,
    ).toBe("queue-1");
  });

  it("says plainly when nothing was captured", () => {
    const text = contextText(
      buildCallContext({
        session: { ...session, contextAttributes: {} },
        segments: [],
        redactor: new Redactor(),
      }),
    );
    expect(text).toContain("- none recorded");
    expect(text).toContain("- nothing was captured from the call");
  });

  it("keeps only what the caller said, not the IVR's own prompts", () => {
    const segments: TranscriptSegment[] = [
      { participant: "SYSTEM", text: "Tell us why you are calling", offsetMs: 0 },
      { participant: "CUSTOMER", text: "My parcel never came", offsetMs: 3000 },
    ];
    const context = buildCallContext({ session, segments, redactor: new Redactor() });
    expect(context.callerWords.map((w) => w.text)).toEqual(["My parcel never came"]);
  });

  it("keeps the latest words of a long call and counts what it left out", () => {
    const texts = Array.from({ length: 100 }, (_, i) => `utterance ${i} ${"x".repeat(40)}`);
    const context = buildCallContext({
      session,
      segments: said(...texts),
      redactor: new Redactor(),
      maxWordsChars: 500,
    });
    expect(context.callerWords.at(-1)?.text).toContain("utterance 99 ");
    expect(context.callerWords.map((w) => w.text).join("").length).toBeLessThanOrEqual(500);
    expect(context.wordsLeftOut).toBe(100 - context.callerWords.length);
    expect(contextText(context)).toMatch(/\(\d+ earlier utterances left out\)/);
  });

  it("never lets a card number through, whether said, typed into the IVR or both", () => {
    fc.assert(
      fc.property(cardDigits(), fc.constantFrom("", " ", "-"), (digits, separator) => {
        const written = digits.match(/.{1,4}/g)?.join(separator) ?? digits;
        const attributes = contextAttributes({
          session: { ...session, contextAttributes: { accountNote: `card ${written}` } },
          segments: said(`my card is ${written} thanks`),
          redactor: new Redactor(),
        });
        for (const value of Object.values(attributes)) {
          expect(value.replace(/[ -]/g, "")).not.toContain(digits);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("fits its attributes in 8 KB, keeping fewer words when they take more bytes", () => {
    const wide = Array.from({ length: 60 }, () => "請求が二重になっています。".repeat(8));
    const attributes = contextAttributes({
      session,
      segments: said(...wide),
      redactor: new Redactor(),
    });
    const bytes = utf8Length(attributes.deflectContext) + utf8Length(attributes.deflectCallerWords);
    expect(bytes).toBeLessThanOrEqual(8 * 1024);
    expect(attributes.deflectCallerWords).toContain("請求が二重");
  });
});

describe("maskHandle", () => {
  it("shows only the last four characters", () => {
    expect(maskHandle("sms", "+15551230000")).toBe("+•••••••0000");
    expect(maskHandle("messenger", "6543210987654321")).toBe("••••••••••••4321");
    expect(maskHandle("telegram", "42")).toBe("42");
  });
});
