import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TranscriptSegment } from "../ports/transcript-source.ts";
import { luhnValid, Redactor } from "../redaction/redactor.ts";
import { type DeflectionSession, newSession } from "../session/deflection-session.ts";
import { contextSummaryParts } from "./context-summary.ts";
import { MAX_MESSAGE_CHARS, splitMessage } from "./split-message.ts";

const session: DeflectionSession = newSession({
  voiceContactId: "voice-1",
  instanceId: "instance-1",
  queueId: "queue-1",
  channel: "whatsapp",
  address: { channel: "whatsapp", handle: "+447700900123" },
  contextAttributes: { reason: "billing", account: "premium" },
  offeredWaitSeconds: 840,
  at: new Date("2026-03-01T10:00:00Z"),
});

/** A Luhn-valid card number of 13–19 digits. */
const cardDigits = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 18 })
  .map((body) => {
    for (let check = 0; check <= 9; check += 1) {
      const candidate = [...body, check].join("");
      if (luhnValid(candidate)) return candidate;
    }
    throw new Error("unreachable: one check digit always fits");
  });

/** The card as a person might write it: plain, or in groups of four with spaces or dashes. */
const writtenCard = fc
  .tuple(cardDigits, fc.constantFrom("", " ", "-"))
  .map(([digits, separator]) => ({ digits, text: digits.match(/.{1,4}/g)?.join(separator) ?? "" }));

const word = fc.stringMatching(/^[A-Za-z]{1,12}$/);
const prose = fc.array(word, { minLength: 0, maxLength: 40 }).map((words) => words.join(" "));
const longText = fc
  .array(fc.oneof(word, fc.stringMatching(/^[A-Za-z]{100,1500}$/), fc.constant("\n")), {
    maxLength: 300,
  })
  .map((words) => words.join(" "));

describe("splitMessage", () => {
  it("keeps every part within the limit and loses nothing, in order", () => {
    fc.assert(
      fc.property(longText, (text) => {
        const parts = splitMessage(text);
        for (const part of parts) expect(part.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
        expect(parts.join("")).toBe(text);
        expect(parts.every((part) => part.length > 0)).toBe(true);
      }),
    );
  });

  it("cuts inside a word only when the word is longer than a part", () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 400 }), (words) => {
        const parts = splitMessage(words.join(" "), 100);
        for (const part of parts.slice(0, -1)) expect(part.endsWith(" ")).toBe(true);
      }),
    );
  });

  it("prefers a line break in the latter half of a part", () => {
    const text = `${"a ".repeat(300)}\n${"b ".repeat(300)}`;
    expect(splitMessage(text)[0]?.endsWith("\n")).toBe(true);
  });
});

describe("contextSummaryParts", () => {
  const segmentsOf = (texts: readonly string[]): TranscriptSegment[] =>
    texts.map((text, i) => ({
      participant: i % 2 ? "AGENT" : "CUSTOMER",
      text,
      offsetMs: i * 5000,
    }));

  it("states the call, the IVR answers and the transcript in markdown", () => {
    const parts = contextSummaryParts({
      session,
      segments: segmentsOf(["I was double charged", "Let me look"]),
      redactor: new Redactor(),
    });
    const text = parts.join("");
    expect(text).toContain("- Voice contact: voice-1");
    expect(text).toContain("- Estimated wait when offered: 14 min");
    expect(text).toContain("- reason: billing");
    expect(text).toContain("- [0:00] Customer: I was double charged");
    expect(text).toContain("- [0:05] Agent: Let me look");
  });

  it("fits any transcript into ordered parts, keeps its text in order and no card number", () => {
    fc.assert(
      fc.property(fc.array(prose, { maxLength: 60 }), writtenCard, (texts, card) => {
        const segments = segmentsOf([...texts, `my card is ${card.text}`]);
        const parts = contextSummaryParts({
          session,
          segments,
          redactor: new Redactor(),
          maxTranscriptChars: 100_000,
        });
        for (const part of parts) expect(part.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
        const joined = parts.join("");
        expect(joined.replace(/[ -]/g, "")).not.toContain(card.digits);
        let from = 0;
        for (const text of texts.filter((t) => t.length > 0)) {
          const at = joined.indexOf(`: ${text}\n`, from);
          expect(at).toBeGreaterThanOrEqual(from);
          from = at + text.length;
        }
      }),
    );
  });

  it("keeps the end of a long call and says how much was left out", () => {
    const texts = Array.from({ length: 200 }, (_, i) => `line ${i} ${"x".repeat(50)}`);
    const joined = contextSummaryParts({
      session,
      segments: segmentsOf(texts),
      redactor: new Redactor(),
      maxTranscriptChars: 1000,
    }).join("");
    expect(joined).toContain("line 199");
    expect(joined).not.toContain("line 150 ");
    expect(joined).toMatch(/\(\d+ earlier lines left out\)/);
  });
});
