import { describe, expect, it } from "vitest";
import { PROMPT_EXAMPLES, PROMPTS, promptWith } from "../../flows/prompt-catalog.ts";
import { promptProblem } from "./prompt-check.ts";

describe("promptProblem", () => {
  it("passes every prompt of the flows' catalog once its examples are filled in", () => {
    for (const [name, languages] of Object.entries(PROMPTS)) {
      for (const [language, ssml] of Object.entries(languages)) {
        const filled = promptWith(ssml, PROMPT_EXAMPLES[language as keyof typeof PROMPT_EXAMPLES]);
        expect(promptProblem(filled), `${name} ${language}`).toBeUndefined();
      }
    }
  });

  it.each([
    [
      "an unfilled reference",
      "<speak>Wait $.External.waitMinutes minutes.</speak>",
      "$.External.waitMinutes has no example value",
    ],
    [
      "an unclosed tag",
      "<speak>Hello <break></speak>",
      "not well-formed: Expected closing tag 'break'",
    ],
    ["plain text", "Hello there.", "not well-formed"],
    ["text after the root", "<speak>Hello.</speak> Bye.", "not well-formed: Extra text at the end"],
    ["two roots", "<speak>Hello.</speak><speak>Bye.</speak>", "Multiple possible root nodes"],
    ["an element after the root", "<speak>Hello.</speak><break/>", "exactly one root element"],
    ["another root", "<p>Hello.</p>", "root element must be <speak>, not <p>"],
    [
      "over 3,000 billed characters",
      `<speak>${"ab ".repeat(1001)}</speak>`,
      "3003 billed characters",
    ],
    [
      "over 6,000 characters in all",
      `<speak>${'<break time="1s"/>'.repeat(334)}</speak>`,
      "6027 characters, over Polly's 6000",
    ],
  ])("names %s", (_, ssml, reason) => {
    expect(promptProblem(ssml)).toContain(reason);
  });

  it("bills the text, not the tags, so long SSML with little text passes", () => {
    const ssml = `<speak>${'<break time="1s"/>'.repeat(100)}${"a".repeat(2990)}</speak>`;
    expect([...ssml].length).toBeGreaterThan(3000);
    expect(promptProblem(ssml)).toBeUndefined();
  });

  it("counts an entity as the one character it stands for", () => {
    // 600 entities are 3,000 characters as written and 600 as billed.
    expect(
      promptProblem(`<speak>${"&amp;".repeat(600)}${"x".repeat(2400)}</speak>`),
    ).toBeUndefined();
    expect(promptProblem(`<speak>${"&amp;".repeat(600)}${"x".repeat(2401)}</speak>`)).toContain(
      "3001 billed characters",
    );
  });
});
