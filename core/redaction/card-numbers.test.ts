import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cardDigits,
  prose,
  spokenNumber,
  word,
  writtenNumber,
  wrongCheckDigits,
} from "../../test/support/sensitive-text.ts";
import { containsCardNumber, luhnValid } from "./card-numbers.ts";
import { REDACTED, Redactor } from "./redactor.ts";

const cards = new Redactor({ nationalIds: false });
const RUNS = { numRuns: 300 };

/** Every stretch of eight digits of `digits`. */
const windows = (digits: string) =>
  Array.from({ length: digits.length - 7 }, (_, i) => digits.slice(i, i + 8));

describe("card numbers as customers type them", () => {
  it("removes a Luhn-valid 13–19 digit number, however grouped, and keeps the text around it", () => {
    const written = cardDigits().chain((digits) => writtenNumber(digits));
    fc.assert(
      fc.property(prose, written, prose, (before, card, after) => {
        expect(cards.redact(`${before} ${card} ${after}`)).toBe(
          `${before} ${REDACTED.card} ${after}`,
        );
      }),
      RUNS,
    );
  });

  it("removes a card glued to letters", () => {
    const written = cardDigits().chain((digits) => writtenNumber(digits));
    fc.assert(
      fc.property(word, written, word, (left, card, right) => {
        expect(cards.redact(`${left}${card}${right}`)).toBe(`${left}${REDACTED.card}${right}`);
      }),
      RUNS,
    );
  });

  it("leaks no eight digits of a card, whatever numbers stand beside it", () => {
    const number = fc.integer({ min: 0, max: 999_999 }).map(String);
    const side = fc.array(fc.tuple(word, fc.option(number)), { maxLength: 8 });
    const card = cardDigits().chain((digits) =>
      fc.tuple(fc.constant(digits), fc.oneof(writtenNumber(digits), spokenNumber(digits))),
    );
    fc.assert(
      fc.property(side, card, side, (before, [digits, text], after) => {
        const words = (items: [string, string | null][], numberFirst: boolean) =>
          items
            .map(([w, n]) => (n === null ? w : numberFirst ? `${n} ${w}` : `${w} ${n}`))
            .join(" ");
        const out = cards.redact(`${words(before, false)} ${text} ${words(after, true)}`);
        // Numbers are parted by words, so only digits that stood together are joined here.
        for (const piece of out.split(/[A-Za-z[\]]+/)) {
          const joined = piece.replace(/\D/g, "");
          for (const stretch of windows(digits)) expect(joined).not.toContain(stretch);
        }
      }),
      RUNS,
    );
  });

  it("leaves a number whose check digit is wrong, written plain or in fours", () => {
    const plain = wrongCheckDigits();
    const inFours = wrongCheckDigits({ maxLength: 16 }).map(
      (digits) => digits.match(/.{1,4}/g)?.join(" ") ?? digits,
    );
    fc.assert(
      fc.property(prose, fc.oneof(plain, inFours), prose, (before, number, after) => {
        const text = `${before} ${number} ${after}`;
        expect(cards.redact(text)).toBe(text);
      }),
      RUNS,
    );
  });

  it.each([
    ["a price", "that is £1,299.99 or 1299.99 EUR"],
    ["dates and times", "on 2026-03-01 at 10:30, or 01/03/2026"],
    ["phone numbers", "call +44 7700 900123 or 0800 123 456 or (555) 123-4567"],
    ["an order number failing the check", "order 4111111111111112 and 12345678901234"],
    ["a card-length number failing the check", "ref 4111 1111 1111 1112"],
    ["numbers too short to be a card", "4111 1111 1111 and 401288888881"],
    ["a list of amounts", "1,000, 2,000, 3,000, 4,000 and 5,000"],
    ["numbers spoken in passing", "I called twenty five times over two days, one at a time"],
  ])("leaves ordinary numbers alone: %s", (_, text) => {
    expect(cards.redact(text)).toBe(text);
  });
});

describe("card numbers as speech recognisers write them", () => {
  it("removes a spoken Luhn-valid number, in words, digits or both", () => {
    const spoken = cardDigits().chain((digits) => spokenNumber(digits));
    fc.assert(
      fc.property(prose, spoken, prose, (before, card, after) => {
        expect(cards.redact(`${before} ${card} ${after}`)).toBe(
          `${before} ${REDACTED.card} ${after}`,
        );
      }),
      RUNS,
    );
  });

  it.each([
    "four one one one one one one one one one one one one one one one",
    "Four one one one, one one one one, one one one one, one one one one.",
    "four oh one two eight eight eight eight eight eight eight eight one eight eight one",
    "4111 one one one one 1111 1111",
    "forty one eleven eleven eleven eleven eleven eleven eleven",
    "four triple one one one one one one one one one one one one one",
    "FOUR ONE ONE ONE - ONE ONE ONE ONE - ONE ONE ONE ONE - ONE ONE ONE ONE",
    "four o one two eight eight eight eight eight eight eight eight one eight eight one",
    "four one one one one one one one one one one one one one one one oh nine two six",
  ])("removes %s", (spoken) => {
    expect(cards.redact(`my card is ${spoken} thanks`)).toMatch(
      new RegExp(`^my card is \\${REDACTED.card}\\.? thanks$`),
    );
  });

  it("reads full-width digits as digits", () => {
    expect(cards.redact("４１１１ １１１１ １１１１ １１１１")).toBe(REDACTED.card);
  });

  it("keeps a spoken number that is not a card, checking it phrase by phrase", () => {
    for (const text of [
      "four one one one, one one one one, one one one one, one one one two",
      "four one one one one one one one one one one one one one one two",
    ]) {
      expect(cards.redact(text)).toBe(text);
    }
  });
});

describe("luhnValid and containsCardNumber", () => {
  it("agree with known test card numbers", () => {
    for (const pan of ["4111111111111111", "5555555555554444", "378282246310005"]) {
      expect(luhnValid(pan)).toBe(true);
      expect(containsCardNumber(`pay with ${pan}`)).toBe(true);
    }
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("")).toBe(false);
    expect(containsCardNumber("4111 1111 1111 1112")).toBe(false);
  });

  it("finds a card after a stray digit group, and inside a longer digit group", () => {
    expect(cards.redact("ref 9 4111 1111 1111 1111")).toBe(`ref ${REDACTED.card}`);
    expect(containsCardNumber("99999411111111111111119")).toBe(true);
  });
});
