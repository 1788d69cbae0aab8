import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cardDigits,
  nino,
  prose,
  spokenNumber,
  ssn,
  word,
  writtenNumber,
  wrongCheckDigits,
} from "../../test/support/sensitive-text.ts";
import { FULL_REDACTION, patternProblem, REDACTED, Redactor } from "./redactor.ts";

const redactor = new Redactor({ patterns: ["ORDER-\\d{6}", "secret"] });

/** Text mixing everything the redactor looks for with what it must leave alone. */
const mixed = fc
  .array(
    fc.oneof(
      word,
      fc.integer({ min: 0, max: 99_999_999 }).map(String),
      cardDigits().chain((digits) => fc.oneof(writtenNumber(digits), spokenNumber(digits))),
      wrongCheckDigits(),
      ssn,
      nino,
      fc.integer({ min: 0, max: 9_999_999 }).map((n) => `ORDER-${n}`),
      fc.constantFrom(...Object.values(REDACTED), "secret", "one", "oh", "double"),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 12 },
  )
  .chain((parts) =>
    fc
      .array(fc.constantFrom(" ", "", ", ", "-", "\n", ". "), {
        minLength: parts.length,
        maxLength: parts.length,
      })
      .map((gaps) => parts.map((part, i) => `${gaps[i]}${part}`).join("")),
  );

describe("Redactor", () => {
  it("is idempotent: redacting twice is redacting once", () => {
    fc.assert(
      fc.property(mixed, (text) => {
        const once = redactor.redact(text);
        expect(redactor.redact(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves text without digits exactly as it was", () => {
    const noDigits = fc
      .string({ unit: "grapheme", maxLength: 200 })
      .filter((t) => !/\p{Nd}/u.test(t));
    fc.assert(
      fc.property(fc.oneof(noDigits, prose), (text) => {
        expect(redactor.redact(text)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it("leaves a few number words in ordinary speech alone", () => {
    const text = "I have two cats and one dog, oh and twenty five fish, double trouble";
    expect(redactor.redact(text)).toBe(text);
  });

  it("removes configured patterns, and names an overlap by the more specific kind", () => {
    expect(redactor.redact("about ORDER-123456 today")).toBe(`about ${REDACTED.custom} today`);
    const overlapping = new Redactor({ patterns: ["card \\d{4}"] });
    expect(overlapping.redact("card 4111 1111 1111 1111 ok")).toBe(`${REDACTED.card} ok`);
  });

  it("never rewrites its own placeholders, whatever a pattern says", () => {
    const greedy = new Redactor({ patterns: ["removed", "\\[", "number"] });
    const text = `x ${REDACTED.card} y ${REDACTED.nationalId} z ${REDACTED.custom}`;
    expect(greedy.redact(text)).toBe(text);
    expect(greedy.redact("a [b number")).toBe(`a ${REDACTED.custom}b ${REDACTED.custom}`);
  });

  it("applies only what its settings name", () => {
    const text = "card 4111 1111 1111 1111, ssn 123-45-6789, ref ORDER-123456";
    const only = (settings: ConstructorParameters<typeof Redactor>[0]) =>
      new Redactor(settings).redact(text);
    expect(only({ nationalIds: false, patterns: [] })).toBe(
      `card ${REDACTED.card}, ssn 123-45-6789, ref ORDER-123456`,
    );
    expect(only({ cardNumbers: false })).toBe(
      `card 4111 1111 1111 1111, ssn ${REDACTED.nationalId}, ref ORDER-123456`,
    );
    expect(only({ cardNumbers: false, nationalIds: false, patterns: ["ORDER-\\d{6}"] })).toBe(
      `card 4111 1111 1111 1111, ssn 123-45-6789, ref ${REDACTED.custom}`,
    );
    expect(only({ cardNumbers: false, nationalIds: false })).toBe(text);
    expect(only(["ORDER-\\d{6}"])).toBe(
      `card ${REDACTED.card}, ssn ${REDACTED.nationalId}, ref ${REDACTED.custom}`,
    );
  });

  it("takes everything but patterns by default, and says what it applies", () => {
    expect(new Redactor().settings).toEqual(FULL_REDACTION);
    expect(new Redactor({ nationalIds: false }).settings).toEqual({
      cardNumbers: true,
      nationalIds: false,
      patterns: [],
    });
  });
});

describe("patternProblem", () => {
  it("accepts a usable pattern and says what is wrong with others", () => {
    expect(patternProblem("ORDER-\\d{6}")).toBeUndefined();
    expect(patternProblem("(unclosed")).toMatch(/Invalid regular expression/);
    expect(patternProblem("x*")).toBe("matches empty text");
  });
});
