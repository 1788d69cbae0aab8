import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_CHARS, splitMessage } from "./split-message.ts";

const word = fc.stringMatching(/^[A-Za-z]{1,12}$/);
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
