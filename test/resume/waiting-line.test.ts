import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRAIN_WAITING_LINE_EVENT } from "../../config/scheduled-events.ts";
import { resumeChat } from "../../core/resume/resume-chat.ts";
import type { ResumeDeps } from "../../core/resume/resume-deps.ts";
import { createResumeHandler } from "../../functions/resume/resume-handler.ts";
import { type ResumeWorld, startResumeWorld } from "./resume-world.ts";

let world: ResumeWorld;
let told: string[];
let resume: ResumeDeps;
let handler: ReturnType<typeof createResumeHandler>;

// Connect with room for one chat: the second customer meets the active-chat limit.
beforeAll(async () => {
  world = await startResumeWorld({ maxActiveChats: 1 });
  told = [];
  resume = {
    ...world.resume,
    customerNotices: { tell: async (notice) => void told.push(notice.to.handle) },
    settings: { ...world.resume.settings, waitingLineText: "You're in line." },
  };
  handler = createResumeHandler({
    resume,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
});
afterAll(() => world.close());

let sequence = 100;
function batchOf(handle: string, ...messages: [id: string, text: string][]) {
  return {
    Records: messages.map(([id, text]) => ({
      eventName: "INSERT",
      dynamodb: {
        SequenceNumber: String(++sequence),
        Keys: { pk: { S: `INBOX#whatsapp#${handle}` } },
        NewImage: {
          pk: { S: `INBOX#whatsapp#${handle}` },
          sk: { S: `MSG#twilio#${id}` },
          channel: { S: "whatsapp" },
          provider: { S: "twilio" },
          providerMessageId: { S: id },
          handle: { S: handle },
          text: { S: text },
          media: { L: [] },
        },
      },
    })),
  };
}

describe("resume at Connect's limit of active chats: the waiting line", () => {
  const [first, waiting] = ["+447700900501", "+447700900502"];
  let firstChat = "";

  it("parks the messages of a customer whose chat cannot open, without holding the stream", async () => {
    await world.deflectedSession({ handle: first });
    await world.deflectedSession({ handle: waiting });
    const opened = await resumeChat(resume, world.reply(first, "SM-w1", "I took the slot"));
    firstChat = opened.chatContactId ?? "";
    expect(opened.outcome).toBe("CHAT_STARTED");

    const batch = batchOf(waiting, ["SM-w2", "one"], ["SM-w3", "two"]);
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    // The stream delivers the first again (a checkpoint before it): it keeps its place.
    expect(await handler(batchOf(waiting, ["SM-w2", "one"]))).toEqual({ batchItemFailures: [] });
    expect(told).toEqual([waiting]);
    expect(await world.resume.waitingLine?.parked(await voiceOf(waiting))).toMatchObject([
      { text: "one" },
      { text: "two" },
    ]);
  });

  it("drains nothing while Connect is still full", async () => {
    expect(await handler(DRAIN_WAITING_LINE_EVENT)).toMatchObject({
      full: true,
      routed: 0,
      waiting: 1,
    });
  });

  it("once a chat ends, opens the chat with the parked messages in order, a later one behind them", async () => {
    world.connect.control.hangUp(firstChat);
    // Arriving before the drain, with a slot free: it must not open the chat ahead of the line.
    expect(await handler(batchOf(waiting, ["SM-w4", "three"]))).toEqual({
      batchItemFailures: [],
    });
    expect(await handler(DRAIN_WAITING_LINE_EVENT)).toMatchObject({
      served: 1,
      routed: 3,
      waiting: 0,
      full: false,
    });
    const session = await world.sessions.findByAddress({ channel: "whatsapp", handle: waiting });
    const chat = session?.chatContactId ?? "";
    const contents = async () => (await world.transcript(chat)).map((item) => item.Content);
    expect(await contents()).toEqual(["one", "two", "three"]);
    expect(await world.resume.waitingLine?.holds(await voiceOf(waiting))).toBe(false);

    // Out of line, messages go straight into the chat again.
    await handler(batchOf(waiting, ["SM-w5", "four"], ["SM-w6", "five"]));
    expect(await contents()).toEqual(["one", "two", "three", "four", "five"]);
    expect(told).toEqual([waiting]);
  });
});

async function voiceOf(handle: string): Promise<string> {
  const session = await world.sessions.findByAddress({ channel: "whatsapp", handle });
  if (!session) throw new Error(`no session for ${handle}`);
  return session.voiceContactId;
}
