import { describe, expect, it } from "vitest";
import { AnonymousCallerError, InvalidPhoneNumberError } from "./errors.ts";
import { isE164, maskPhoneNumber, toE164 } from "./phone-number.ts";

describe("E.164 normalisation", () => {
  it.each([
    ["+44 7911 123456", undefined, "+447911123456"],
    ["07911 123456", "GB", "+447911123456"],
    ["(201) 555-0123", "US", "+12015550123"],
    ["+1-201-555-0123", undefined, "+12015550123"],
  ] as const)("normalises %s (default %s) to %s", (raw, country, expected) => {
    expect(toE164(raw, country)).toBe(expected);
  });

  it.each(["anonymous", "Restricted", "", "  ", "PRIVATE", "unknown"])(
    "treats %j as an anonymous caller",
    (raw) => {
      expect(() => toE164(raw)).toThrow(AnonymousCallerError);
    },
  );

  it("treats a missing number as an anonymous caller", () => {
    expect(() => toE164(null)).toThrow(AnonymousCallerError);
    expect(() => toE164(undefined)).toThrow(AnonymousCallerError);
  });

  it.each(["12", "+44 12", "not-a-number", "+999 1234 5678", "07700 900123"])(
    "rejects %j with a clear error that does not echo the full number",
    (raw) => {
      const error = (() => {
        try {
          toE164(raw);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(InvalidPhoneNumberError);
      expect((error as Error).message).toMatch(/not a (valid )?phone number/);
    },
  );

  it("masks all but the last four digits", () => {
    expect(maskPhoneNumber("+447700900123")).toBe("+********0123");
    expect(isE164("+447700900123")).toBe(true);
    expect(isE164("447700900123")).toBe(false);
  });
});
