import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDACTED } from "../../core/redaction/redactor.ts";
import { chatOpening } from "../../core/resume/open-chat.ts";
import { resumeChat } from "../../core/resume/resume-chat.ts";
import { type ResumeWorld, startResumeWorld } from "./resume-world.ts";

const CARD = "4111 1111 1111 1111";
const SPOKEN_CARD = "four one one one, one one one one, one one one one, one one one one";

let byDefault: ResumeWorld;
let everything: ResumeWorld;
let nothing: ResumeWorld;

beforeAll(async () => {
  [byDefault, everything, nothing] = await Promise.all([
    startResumeWorld(),
    startResumeWorld({
      env: { DEFLECT_RESUME_REDACT_CUSTOMER_MESSAGES: "card-numbers, national-ids, patterns" },
    }),
    startResumeWorld({ env: { DEFLECT_RESUME_REDACT_CUSTOMER_MESSAGES: "none" } }),
  ]);
});
afterAll(async () => {
  await Promise.all([byDefault, everything, nothing].map((world) => world?.close()));
});

/** Opens a chat with `first`, sends `later` into it; the chat's messages as the customer reads them. */
async function conversation(
  world: ResumeWorld,
  options: { handle: string; first: string; later?: string[] },
) {
  const session = await world.deflectedSession({ handle: options.handle });
  const opened = await resumeChat(world.resume, world.reply(options.handle, "SM-1", options.first));
  for (const [i, text] of (options.later ?? []).entries()) {
    await resumeChat(world.resume, world.reply(options.handle, `SM-${i + 2}`, text));
  }
  const chatId = opened.chatContactId ?? "";
  const contents = (await world.transcript(chatId))
    .filter((item) => item.ParticipantRole === "CUSTOMER")
    .map((item) => item.Content ?? "");
  return { session, chatId, contents };
}

describe("resume: the customer's messages are redacted on their way into the chat", () => {
  it("removes card numbers by default, from the first reply and every later one", async () => {
    const { session, contents } = await conversation(byDefault, {
      handle: "+447700900101",
      first: `my card is ${CARD}, ssn 123-45-6789`,
      later: [`it is ${SPOKEN_CARD}`, "card4111111111111111 ok"],
    });
    expect(contents).toEqual([
      `my card is ${REDACTED.card}, ssn 123-45-6789`,
      `it is ${REDACTED.card}`,
      `card${REDACTED.card} ok`,
    ]);
    // The first reply is stored before the chat opens: it is stored redacted.
    const first = await byDefault.resume.connections.getFirstReply(chatOpening(session));
    expect(first?.text).toBe(`my card is ${REDACTED.card}, ssn 123-45-6789`);
  });

  it("redacts a long message before splitting it, so no part keeps half a card", async () => {
    // The card straddles the first part's end: split first, each half would pass the check.
    const long = `${"x".repeat(1010)} ${CARD} ${"y ".repeat(300)}`;
    const { contents } = await conversation(byDefault, {
      handle: "+447700900102",
      first: "hello",
      later: [long],
    });
    const sent = contents.slice(1).join("");
    expect(contents.length).toBeGreaterThan(2);
    expect(sent).toContain(REDACTED.card);
    expect(sent.replace(/\s/g, "")).not.toMatch(/1111/);
  });

  it("leaves a customer's message that holds nothing sensitive as it was", async () => {
    const text = "Order 12345678, £1,299.99 on 2026-03-01; call me on +44 7700 900123";
    const { contents } = await conversation(byDefault, { handle: "+447700900103", first: text });
    expect(contents).toEqual([text]);
  });

  it("removes national ids and the configured patterns when the setting names them", async () => {
    const { contents } = await conversation(everything, {
      handle: "+447700900104",
      first: `card ${CARD}, ssn 123-45-6789, NI AB 12 34 56 C, ORDER-123456`,
    });
    expect(contents).toEqual([
      `card ${REDACTED.card}, ssn ${REDACTED.nationalId}, NI ${REDACTED.nationalId}, ${REDACTED.custom}`,
    ]);
  });

  it("passes messages through untouched when the setting is none", async () => {
    const { contents } = await conversation(nothing, {
      handle: "+447700900105",
      first: `my card is ${CARD}`,
    });
    expect(contents).toEqual([`my card is ${CARD}`]);
  });
});
