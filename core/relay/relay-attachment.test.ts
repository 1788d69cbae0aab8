import { beforeEach, describe, expect, it } from "vitest";
import { InMemoryCustomerChat } from "../../test/fakes/in-memory-customer-chat.ts";
import { InMemorySessionStore } from "../../test/fakes/in-memory-session-store.ts";
import { relayTestDeps } from "../../test/fakes/relay-test-deps.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { type ChannelRules, MEGABYTE, SMS_KEYWORDS } from "../channel-rules.ts";
import { DependencyFailedError } from "../errors.ts";
import type { ChatAttachment } from "../ports/chat-service.ts";
import type { OutboundChannel, OutboundMessage, SendResult } from "../ports/messenger-channel.ts";
import { newSession, transition } from "../session/deflection-session.ts";
import type { ChatItem } from "./chat-item.ts";
import { relayChatItem } from "./relay-chat-item.ts";
import type { RelayDeps } from "./relay-deps.ts";

const HOUR_MS = 3_600_000;
const clock = new ManualClock();

/** WhatsApp's shape: a 24-hour window, a template outside it, images and PDFs as files. */
const rules: ChannelRules = {
  serviceWindowMs: 24 * HOUR_MS,
  templateOutsideWindow: true,
  templateForFirstMessage: true,
  maxTextLength: 1600,
  keywords: SMS_KEYWORDS,
  optOutNoticeRequired: false,
  media: [
    { kind: "image", contentTypes: ["image/png"], maxBytes: 5 * MEGABYTE },
    { kind: "document", contentTypes: ["application/pdf"], maxBytes: 16 * MEGABYTE },
  ],
};

/** A channel that records its sends and fails the ones the test names. */
class ScriptedChannel implements OutboundChannel {
  readonly kind = "whatsapp";
  readonly provider = "scripted";
  readonly rules = rules;
  readonly sent: OutboundMessage[] = [];
  readonly failing = new Set<number>();
  #calls = 0;

  async send(message: OutboundMessage): Promise<SendResult> {
    this.#calls += 1;
    if (this.failing.has(this.#calls)) throw new DependencyFailedError("platform down");
    this.sent.push(message);
    return { providerMessageId: `msg-${this.#calls}`, state: "queued", acceptedAt: new Date() };
  }
}

let sessions: InMemorySessionStore;
let channel: ScriptedChannel;
let chat: InMemoryCustomerChat;
let notices: { text: string; clientToken: string }[];
let deps: RelayDeps;

async function liveSession(repliedHoursAgo: number): Promise<void> {
  const start = new Date(clock.now().getTime() - (repliedHoursAgo + 1) * HOUR_MS);
  const replied = new Date(clock.now().getTime() - repliedHoursAgo * HOUR_MS);
  let session = newSession({
    voiceContactId: "voice-1",
    instanceId: "i",
    queueId: "q1",
    channel: "whatsapp",
    address: { channel: "whatsapp", handle: "+447911123456" },
    status: "accepted",
    at: start,
  });
  session = transition(session, { to: "message-sent", at: start });
  session = transition(session, { to: "replied", at: replied });
  session = transition(session, { to: "chat-started", at: replied, chatContactId: "chat-1" });
  await sessions.createSession(session);
  await sessions.linkChat("chat-1", "voice-1");
}

const file = (attachmentId: string, contentType: string): ChatAttachment => ({
  attachmentId,
  fileName: `${attachmentId}.bin`,
  contentType,
  status: "APPROVED",
});

/** An agent's ATTACHMENT item, as streaming and the transcript carry it. */
function attachmentItem(id: string, attachments: ChatAttachment[]): ChatItem {
  return chat.post({
    id,
    type: "ATTACHMENT",
    contentType: attachments[0]?.contentType ?? "image/png",
    participantRole: "AGENT",
    contactId: "chat-1",
    visibility: "ALL",
    attachments,
  });
}

beforeEach(() => {
  sessions = new InMemorySessionStore();
  channel = new ScriptedChannel();
  chat = new InMemoryCustomerChat();
  chat.openChat("chat-1");
  notices = [];
  deps = relayTestDeps({
    sessions,
    chat,
    channels: new Map([["whatsapp", channel]]),
    clock,
    notices: { tellAgent: async (notice) => void notices.push(notice) },
    settings: { closingText: "Chat closed.", agentReplyTemplates: { whatsapp: "HX-reply" } },
  });
});

describe("relayChatItem with an agent's attachment", () => {
  it("sends the file as media from the chat's download link, once however often it arrives", async () => {
    await liveSession(1);
    chat.storeAttachment("att-png", 68);
    const item = attachmentItem("item-1", [file("att-png", "image/png")]);
    expect(await relayChatItem(deps, item)).toMatchObject({ action: "delivered" });
    expect(await relayChatItem(deps, item)).toEqual({ action: "duplicate" });
    expect(channel.sent).toEqual([
      {
        kind: "media",
        to: { channel: "whatsapp", handle: "+447911123456" },
        url: "https://attachments.example/att-png?expires=300",
        contentType: "image/png",
        fileName: "att-png.bin",
        sizeInBytes: 68,
        reference: "item-1#att-png",
      },
    ]);
    expect(chat.linksGiven).toEqual(["att-png"]);
    expect(notices).toEqual([]);
  });

  it("tells the agent, once, that the channel cannot carry the file's type", async () => {
    await liveSession(1);
    chat.storeAttachment("att-doc", 2_000);
    const item = attachmentItem("item-2", [file("att-doc", "application/msword")]);
    expect(await relayChatItem(deps, item)).toEqual({
      action: "not-delivered",
      reason: "UNSUPPORTED_FILE_TYPE",
    });
    await relayChatItem(deps, item);
    expect(notices).toEqual([
      {
        chatContactId: "chat-1",
        text: "Not delivered to the customer: WhatsApp cannot carry Word files.",
        clientToken: "relay-notice#item-2#att-doc",
      },
    ]);
    expect(chat.linksGiven).toEqual([]);
    expect(channel.sent).toEqual([]);
  });

  it("does not put a file in a template outside the window: the agent is told", async () => {
    await liveSession(30);
    chat.storeAttachment("att-png", 68);
    const item = attachmentItem("item-3", [file("att-png", "image/png")]);
    expect(await relayChatItem(deps, item)).toEqual({
      action: "not-delivered",
      reason: "FILE_OUTSIDE_SERVICE_WINDOW",
    });
    expect(notices[0]?.text).toMatch(/a file cannot go in a reply template/);
    expect(channel.sent).toEqual([]);
  });

  it("tells the agent a file is too large for the channel, once the link gives its size", async () => {
    await liveSession(1);
    chat.storeAttachment("att-big", 6 * MEGABYTE);
    const item = attachmentItem("item-4", [file("att-big", "image/png")]);
    expect(await relayChatItem(deps, item)).toMatchObject({ reason: "FILE_TOO_LARGE" });
    expect(notices[0]?.text).toContain("the file is 6 MB, and WhatsApp takes PNG files up to 5 MB");
  });

  it("tells the agent when the chat no longer gives the file", async () => {
    await liveSession(1);
    const item = attachmentItem("item-5", [file("att-gone", "image/png")]);
    expect(await relayChatItem(deps, item)).toMatchObject({ reason: "FILE_UNAVAILABLE" });
    expect(channel.sent).toEqual([]);
  });

  it("after a passing failure, the retry sends only the files that did not go", async () => {
    await liveSession(1);
    chat.storeAttachment("att-a", 68);
    chat.storeAttachment("att-b", 1_000);
    const item = attachmentItem("item-6", [
      file("att-a", "image/png"),
      file("att-b", "application/pdf"),
    ]);
    channel.failing.add(2);
    await expect(relayChatItem(deps, item)).rejects.toBeInstanceOf(DependencyFailedError);
    expect(await relayChatItem(deps, item)).toMatchObject({ action: "delivered" });
    expect(await relayChatItem(deps, item)).toEqual({ action: "duplicate" });
    expect(channel.sent.map((m) => (m.kind === "media" ? m.reference : m.kind))).toEqual([
      "item-6#att-a",
      "item-6#att-b",
    ]);
  });
});
