import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { containsCardNumber, luhnValid, REDACTED, Redactor } from "./redactor.ts";

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

describe("Redactor", () => {
  const redactor = new Redactor(["ORDER-\\d{6}"]);

  it("removes every Luhn-valid card number and keeps the text around it", () => {
    fc.assert(
      fc.property(prose, writtenCard, prose, (before, card, after) => {
        const out = redactor.redact(`${before} ${card.text} ${after}`);
        expect(out.replace(/[ -]/g, "")).not.toContain(card.digits);
        expect(out).toBe(`${before} ${REDACTED.card} ${after}`);
      }),
    );
  });

  it("catches a card number glued to letters or other digits", () => {
    expect(redactor.redact("card4111111111111111thanks")).toBe(`card${REDACTED.card}thanks`);
    expect(redactor.redact("ref 9 4111 1111 1111 1111")).not.toContain("1111 1111");
  });

  it("keeps numbers that fail the Luhn check, and short ones", () => {
    expect(containsCardNumber("4111 1111 1111 1112")).toBe(false);
    expect(redactor.redact("call 0800 123 456 about 4111 1111 1111 1112")).toBe(
      "call 0800 123 456 about 4111 1111 1111 1112",
    );
  });

  it("removes US social security and UK National Insurance numbers", () => {
    expect(redactor.redact("ssn 123-45-6789 ok")).toBe(`ssn ${REDACTED.nationalId} ok`);
    expect(redactor.redact("NI QQ123456C or AB 12 34 56 C")).toBe(
      `NI QQ123456C or ${REDACTED.nationalId}`,
    );
  });

  it("removes configured patterns", () => {
    expect(redactor.redact("about ORDER-123456 today")).toBe(`about ${REDACTED.custom} today`);
  });

  it("leaves text without sensitive numbers exactly as it was", () => {
    fc.assert(
      fc.property(prose, (text) => {
        expect(redactor.redact(text)).toBe(text);
      }),
    );
  });
});
