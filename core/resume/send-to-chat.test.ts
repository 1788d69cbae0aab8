import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { cardDigits, prose, writtenNumber } from "../../test/support/sensitive-text.ts";
import type { ChatConnectionRecord, ChatConnectionStore } from "../ports/chat-connection-store.ts";
import type { ChatService } from "../ports/chat-service.ts";
import { REDACTED, Redactor } from "../redaction/redactor.ts";
import { newSession } from "../session/deflection-session.ts";
import type { CustomerReply } from "./customer-reply.ts";
import type { ResumeDeps } from "./resume-deps.ts";
import { replyContent, sendToChat } from "./send-to-chat.ts";

const cardsOnly = new Redactor({ nationalIds: false });
const session = {
  ...newSession({
    voiceContactId: "voice-1",
    instanceId: "instance-1",
    queueId: "queue-1",
    channel: "whatsapp",
    address: { channel: "whatsapp", handle: "+447700900123" },
    contextAttributes: {},
    at: new Date("2026-03-01T10:00:00Z"),
  }),
  status: "chat-started" as const,
  chatContactId: "chat-1",
};
const connection: ChatConnectionRecord = {
  chatContactId: "chat-1",
  voiceContactId: "voice-1",
  participantId: "p-1",
  participantToken: "pt-1",
  connectionToken: "ct-1",
  connectionExpiresAt: "2099-01-01T00:00:00.000Z",
};

/** The chat messages sendToChat sends, with resume's other dependencies unused. */
function chatWith(redactor: Redactor) {
  const sent: string[] = [];
  const chats: Pick<ChatService, "sendMessage"> = {
    sendMessage: async ({ content }) => {
      sent.push(content);
      return { id: `m${sent.length}` };
    },
  };
  const connections: Pick<ChatConnectionStore, "getConnection" | "saveConnection"> = {
    getConnection: async () => connection,
    saveConnection: async () => {},
  };
  const deps = {
    chats,
    connections,
    clock: new ManualClock(),
    customerMessageRedactor: redactor,
    settings: { contactFlowId: "flow-1", defaultDisplayName: "Customer" },
  } as unknown as ResumeDeps;
  return { deps, sent };
}

const reply = (text: string, mediaCount = 0): CustomerReply => ({
  provider: "twilio",
  providerMessageId: "SM1",
  from: { channel: "whatsapp", handle: "+447700900123" },
  text,
  mediaCount,
});

describe("sendToChat redacts the customer's message", () => {
  it("removes a card wherever it falls, before the message is split into parts", async () => {
    const card = cardDigits().chain((digits) => writtenNumber(digits));
    const padding = fc.integer({ min: 990, max: 1030 });
    await fc.assert(
      fc.asyncProperty(padding, card, prose, async (length, text, after) => {
        const { deps, sent } = chatWith(cardsOnly);
        await sendToChat(deps, { session, reply: reply(`${"a".repeat(length)} ${text} ${after}`) });
        expect(sent.join("")).toBe(`${"a".repeat(length)} ${REDACTED.card} ${after}`);
      }),
      { numRuns: 100 },
    );
  });

  it("sends the text as it came when the redactor removes nothing", async () => {
    const { deps, sent } = chatWith(new Redactor({ cardNumbers: false, nationalIds: false }));
    await sendToChat(deps, { session, reply: reply("card 4111 1111 1111 1111") });
    expect(sent).toEqual(["card 4111 1111 1111 1111"]);
  });
});

describe("replyContent", () => {
  it("redacts the words and names attachments of a message without any", () => {
    expect(replyContent(reply("ssn 123-45-6789, card 4111111111111111"), cardsOnly)).toBe(
      `ssn 123-45-6789, card ${REDACTED.card}`,
    );
    expect(replyContent(reply("  ", 2), cardsOnly)).toBe("[the customer sent 2 attachments]");
  });
});
