import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nino, prose, ssn } from "../../test/support/sensitive-text.ts";
import { REDACTED, Redactor } from "./redactor.ts";

const ids = new Redactor({ cardNumbers: false });
const RUNS = { numRuns: 200 };

describe("US Social Security numbers", () => {
  it("removes one the SSA could issue, with dashes or spaces", () => {
    fc.assert(
      fc.property(prose, ssn, prose, (before, number, after) => {
        expect(ids.redact(`${before} ${number} ${after}`)).toBe(
          `${before} ${REDACTED.nationalId} ${after}`,
        );
      }),
      RUNS,
    );
  });

  it.each([
    ["area 000", "000-12-3456"],
    ["area 666", "666-12-3456"],
    ["area 9xx", "912-34-5678"],
    ["group 00", "123-00-4567"],
    ["serial 0000", "123-45-0000"],
    ["mixed separators", "123-45 6789"],
    ["part of a longer number", "212 55 1234 5"],
    ["part of a longer number before it", "1 123-45-6789"],
    ["no separators", "123456789"],
  ])("leaves a number that is not one: %s", (_, text) => {
    expect(ids.redact(`ssn ${text} ok`)).toBe(`ssn ${text} ok`);
  });
});

describe("UK National Insurance numbers", () => {
  it("removes one HMRC could allocate, in any case, spaced or not", () => {
    fc.assert(
      fc.property(prose, nino, prose, (before, number, after) => {
        expect(ids.redact(`${before} ${number} ${after}`)).toBe(
          `${before} ${REDACTED.nationalId} ${after}`,
        );
      }),
      RUNS,
    );
  });

  it("leaves letters HMRC never uses in a prefix, unallocated prefixes and other suffixes", () => {
    const bad = fc
      .tuple(
        fc.constantFrom("DA", "FA", "IA", "QA", "UA", "VA", "AD", "AO", "AQ", "BG", "GB", "ZZ"),
        fc.integer({ min: 0, max: 999_999 }),
        fc.constantFrom("A", "B", "C", "D"),
      )
      .map(([prefix, digits, suffix]) => `${prefix}${String(digits).padStart(6, "0")}${suffix}`);
    const badSuffix = nino.map((valid) => `${valid.slice(0, -1)}E`);
    fc.assert(
      fc.property(fc.oneof(bad, badSuffix), (number) => {
        expect(ids.redact(`NI ${number} ok`)).toBe(`NI ${number} ok`);
      }),
      RUNS,
    );
  });

  it("needs the suffix, and stands apart from other letters and digits", () => {
    for (const text of ["AB123456", "XAB123456C", "AB123456CD", "AB1234567C"]) {
      expect(ids.redact(text)).toBe(text);
    }
    expect(ids.redact("NI: AB 12 34 56 C.")).toBe(`NI: ${REDACTED.nationalId}.`);
  });
});
