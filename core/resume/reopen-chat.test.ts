import { beforeEach, describe, expect, it } from "vitest";
import { RecordingFunnel } from "../../test/fakes/in-memory-directory.ts";
import { InMemoryIdempotencyStore } from "../../test/fakes/in-memory-idempotency-store.ts";
import { InMemorySessionStore } from "../../test/fakes/in-memory-session-store.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { ChatCapacityError, DependencyFailedError, InvalidInputError } from "../errors.ts";
import type {
  ChatConnectionRecord,
  ChatConnectionStore,
  FirstReply,
} from "../ports/chat-connection-store.ts";
import type { ChatService, StartChatOptions } from "../ports/chat-service.ts";
import { Redactor } from "../redaction/redactor.ts";
import { newSession, transition } from "../session/deflection-session.ts";
import type { CustomerReply } from "./customer-reply.ts";
import { resumeChat } from "./resume-chat.ts";
import type { ResumeDeps } from "./resume-deps.ts";

const TOPIC = "arn:aws:sns:eu-west-2:111122223333:relay";
const HANDLE = "+447700900123";

/** Connect as resume sees it: one chat per ClientToken, one message per ClientToken. */
class FakeChats implements ChatService {
  readonly starts: StartChatOptions[] = [];
  readonly messages: { chat: string; content: string; contentType: string }[] = [];
  readonly #byToken = new Map<string, { options: string; chat: string }>();
  readonly #sent = new Set<string>();
  failStreamingOnce = false;
  /** Connect at its limit of active chats. */
  full = false;
  constructor(private readonly log: string[]) {}

  async startChat(options: StartChatOptions) {
    if (this.full) throw new ChatCapacityError("LimitExceededException");
    const known = this.#byToken.get(options.clientToken);
    if (known && known.options !== JSON.stringify(options)) {
      throw new InvalidInputError("IdempotencyException");
    }
    const chat = known?.chat ?? `chat-${this.#byToken.size + 1}`;
    if (!known) {
      this.#byToken.set(options.clientToken, { options: JSON.stringify(options), chat });
      this.starts.push(options);
      this.messages.push({
        chat,
        content: options.initialMessage ?? "",
        contentType: "text/plain",
      });
    }
    this.log.push(`start ${chat}`);
    return { contactId: chat, participantId: `p-${chat}`, participantToken: `pt-${chat}` };
  }
  async connect(options: { participantToken: string }) {
    const chat = options.participantToken.replace(/^pt-/, "");
    return { connectionToken: `ct-${chat}`, connectionExpiresAt: new Date("2099-01-01") };
  }
  async sendMessage(options: {
    connectionToken: string;
    content: string;
    contentType: string;
    clientToken: string;
  }) {
    const chat = options.connectionToken.replace(/^ct-/, "");
    if (!this.#sent.has(options.clientToken)) {
      this.#sent.add(options.clientToken);
      this.messages.push({ chat, content: options.content, contentType: options.contentType });
    }
    return { id: options.clientToken };
  }
  async sendEvent() {}
  async sendAttachment(options: { clientToken: string }) {
    return { attachmentId: options.clientToken };
  }
  async getAttachmentLink(options: { attachmentId: string }) {
    const url = `https://files.example/${options.attachmentId}`;
    return { url, expiresAt: new Date("2099-01-01"), sizeInBytes: 1 };
  }
  async getTranscript(options: { contactId: string }) {
    const entries = this.inChat(options.contactId).map((m, index) => ({
      id: `${options.contactId}-${index}`,
      type: "MESSAGE",
      contentType: m.contentType,
      content: m.content,
      participantRole: "CUSTOMER" as const,
      contactId: options.contactId,
      absoluteTime: new Date(index * 1000).toISOString(),
    }));
    return { entries };
  }
  async startStreaming(options: { contactId: string; topicArn: string }) {
    if (this.failStreamingOnce) {
      this.failStreamingOnce = false;
      throw new DependencyFailedError("StartContactStreaming throttled");
    }
    this.log.push(`stream ${options.contactId} ${options.topicArn}`);
  }
  async disconnect() {}
  inChat(chat: string) {
    return this.messages.filter((m) => m.chat === chat);
  }
}

class FakeConnections implements ChatConnectionStore {
  readonly firstReplies = new Map<string, FirstReply>();
  readonly records = new Map<string, ChatConnectionRecord>();
  async recordFirstReply(
    opening: { voiceContactId: string; previousChatContactId?: string },
    reply: FirstReply,
  ) {
    const key = `${opening.voiceContactId}/${opening.previousChatContactId ?? ""}`;
    if (!this.firstReplies.has(key)) this.firstReplies.set(key, reply);
    return this.firstReplies.get(key) ?? reply;
  }
  async getFirstReply(opening: { voiceContactId: string; previousChatContactId?: string }) {
    return this.firstReplies.get(
      `${opening.voiceContactId}/${opening.previousChatContactId ?? ""}`,
    );
  }
  async getConnection(chat: string) {
    return this.records.get(chat);
  }
  async addConnection(record: ChatConnectionRecord) {
    if (!this.records.has(record.chatContactId)) this.records.set(record.chatContactId, record);
    return this.records.get(record.chatContactId) ?? record;
  }
  async saveConnection(record: ChatConnectionRecord) {
    this.records.set(record.chatContactId, record);
  }
}

let log: string[];
let chats: FakeChats;
let sessions: InMemorySessionStore;
let claims: InMemoryIdempotencyStore;
let deps: ResumeDeps;

beforeEach(async () => {
  log = [];
  chats = new FakeChats(log);
  sessions = new InMemorySessionStore();
  claims = new InMemoryIdempotencyStore();
  const linkChat = sessions.linkChat.bind(sessions);
  sessions.linkChat = async (chat, voice) => {
    log.push(`link ${chat}`);
    await linkChat(chat, voice);
  };
  const clock = new ManualClock();
  deps = {
    sessions,
    claims,
    chats,
    connections: new FakeConnections(),
    transcripts: {
      segments: async () => [{ participant: "CUSTOMER", text: "charged twice", offsetMs: 0 }],
    },
    funnel: new RecordingFunnel(),
    redactor: new Redactor(),
    customerMessageRedactor: new Redactor({ nationalIds: false }),
    clock,
    relay: { mode: "streaming", topicArn: TOPIC },
    settings: { contactFlowId: "flow-1", defaultDisplayName: "Customer" },
  };
  const session = newSession({
    voiceContactId: "voice-1",
    instanceId: "instance-1",
    queueId: "queue-1",
    channel: "whatsapp",
    address: { channel: "whatsapp", handle: HANDLE },
    contextAttributes: { reason: "billing" },
    status: "accepted",
    at: clock.now(),
  });
  await sessions.createSession(session);
  await sessions.saveTransition(
    session,
    transition(session, { to: "message-sent", at: clock.now() }),
  );
});

const reply = (id: string, text: string): CustomerReply => ({
  provider: "twilio",
  providerMessageId: id,
  from: { channel: "whatsapp", handle: HANDLE },
  text,
  mediaCount: 0,
  profileName: "Sam",
});

/** The agent ends the current chat, as the relay records it. */
async function endCurrentChat() {
  const current = await sessions.getSession("voice-1");
  if (!current) throw new Error("no session");
  await sessions.saveTransition(current, transition(current, { to: "ended", at: new Date() }));
}

describe("resume after the chat ended", () => {
  it("opens a new chat that continues the ended one, linked before it streams, with the call's context for its agent", async () => {
    const first = await resumeChat(deps, reply("m1", "Hi, still there?"));
    expect(first).toMatchObject({ outcome: "CHAT_STARTED", chatContactId: "chat-1" });
    await endCurrentChat();
    log.length = 0;

    const late = await resumeChat(deps, reply("m2", "One more thing"));

    expect(late).toEqual({
      outcome: "CHAT_STARTED",
      voiceContactId: "voice-1",
      chatContactId: "chat-2",
    });
    const [opened, reopened] = chats.starts;
    expect(reopened).toMatchObject({
      previousChatContactId: "chat-1",
      initialMessage: "One more thing",
    });
    expect(reopened?.relatedContactId).toBeUndefined();
    expect(reopened?.clientToken).not.toBe(opened?.clientToken);
    expect(reopened?.attributes).toMatchObject({
      deflectVoiceContactId: "voice-1",
      deflectPreviousChatContactId: "chat-1",
      deflectReason: "reply-after-chat-ended",
      ivr_reason: "billing",
    });
    expect(reopened?.attributes.deflectContext).toBe(opened?.attributes.deflectContext);
    expect(log).toEqual(["start chat-2", "link chat-2", `stream chat-2 ${TOPIC}`]);
    // The context is for the agent's side only: no chat message carries it.
    expect(chats.inChat("chat-1")).toEqual([
      { chat: "chat-1", content: "Hi, still there?", contentType: "text/plain" },
    ]);
    expect(chats.inChat("chat-2")).toEqual([
      { chat: "chat-2", content: "One more thing", contentType: "text/plain" },
    ]);
    const session = await sessions.getSession("voice-1");
    expect(session).toMatchObject({
      status: "chat-started",
      chatContactId: "chat-2",
      previousChatContactId: "chat-1",
    });
    expect(session?.history.slice(-3)).toMatchObject([
      { status: "ended" },
      { status: "replied", reason: "reply-after-chat-ended" },
      { status: "chat-started" },
    ]);
  });

  it("finishes a reopen that failed half-way on retry, with the same chat and each message once", async () => {
    await resumeChat(deps, reply("m1", "Hi"));
    await endCurrentChat();
    chats.failStreamingOnce = true;
    await expect(resumeChat(deps, reply("m2", "back again"))).rejects.toThrow(
      DependencyFailedError,
    );
    expect((await sessions.getSession("voice-1"))?.status).toBe("replied");

    const retried = await resumeChat(deps, reply("m2", "back again"));
    const again = await resumeChat(deps, reply("m2", "back again"));
    expect(retried).toMatchObject({ outcome: "CHAT_STARTED", chatContactId: "chat-2" });
    expect(again).toMatchObject({ outcome: "CHAT_STARTED", chatContactId: "chat-2" });
    expect(chats.starts).toHaveLength(2);
    expect(chats.inChat("chat-2").map((m) => m.content)).toEqual(["back again"]);
  });

  it("opens one chat for two late replies racing, and the second follows into it", async () => {
    await resumeChat(deps, reply("m1", "Hi"));
    await endCurrentChat();
    const results = await Promise.all([
      resumeChat(deps, reply("m2", "first late")),
      resumeChat(deps, reply("m3", "second late")),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["CHAT_STARTED", "SENT_TO_CHAT"]);
    expect(results.every((r) => r.chatContactId === "chat-2")).toBe(true);
    expect(chats.starts).toHaveLength(2);
    expect(
      chats
        .inChat("chat-2")
        .map((m) => m.content)
        .sort(),
    ).toEqual(["first late", "second late"]);
  });

  it("continues the latest chat each time the customer comes back", async () => {
    await resumeChat(deps, reply("m1", "Hi"));
    await endCurrentChat();
    await resumeChat(deps, reply("m2", "again"));
    await endCurrentChat();
    const third = await resumeChat(deps, reply("m3", "and again"));
    expect(third).toMatchObject({ outcome: "CHAT_STARTED", chatContactId: "chat-3" });
    expect(chats.starts[2]).toMatchObject({ previousChatContactId: "chat-2" });
    expect(new Set(chats.starts.map((s) => s.clientToken)).size).toBe(3);
  });

  it("lists the chat for the websocket relay instead of streaming it, once its connection is stored", async () => {
    const listed: string[] = [];
    deps = {
      ...deps,
      relay: {
        mode: "websocket",
        liveChats: {
          add: async (chat) => {
            const stored = await deps.connections.getConnection(chat);
            listed.push(`list ${chat}${stored ? " (connection stored)" : ""}`);
          },
        },
      },
    };
    log.length = 0;
    const started = await resumeChat(deps, reply("m1", "Hi, still there?"));
    expect(started).toMatchObject({ outcome: "CHAT_STARTED", chatContactId: "chat-1" });
    expect(listed).toEqual(["list chat-1 (connection stored)"]);
    expect(log.some((entry) => entry.startsWith("stream"))).toBe(false);
  });

  it("opens the chat when the transcript cannot be read, and tells the agent so", async () => {
    deps = {
      ...deps,
      transcripts: {
        segments: async () => {
          throw new DependencyFailedError("Contact Lens throttled");
        },
      },
    };
    const opened = await resumeChat(deps, reply("m1", "Hello?"));
    expect(opened.outcome).toBe("CHAT_STARTED");
    const attributes = chats.starts[0]?.attributes ?? {};
    expect(attributes.deflectCallerWords).toBe("- the call's transcript could not be read");
    expect(attributes.deflectContext).toContain("- Reason: billing");
  });

  it("still refuses a deflection that is over for good", async () => {
    const session = await sessions.getSession("voice-1");
    if (!session) throw new Error("no session");
    await sessions.saveTransition(session, transition(session, { to: "expired", at: new Date() }));
    expect(await resumeChat(deps, reply("m9", "late"))).toEqual({
      outcome: "SESSION_CLOSED",
      voiceContactId: "voice-1",
    });
    expect(chats.starts).toHaveLength(0);
  });
});

describe("while Connect has no room for another chat", () => {
  let told: { to: string; text: string; reference: string }[];
  let failNotices: number;

  beforeEach(() => {
    told = [];
    failNotices = 0;
    deps = {
      ...deps,
      customerNotices: {
        tell: async (notice) => {
          if (failNotices > 0) {
            failNotices -= 1;
            throw new DependencyFailedError("platform down");
          }
          told.push({ ...notice, to: notice.to.handle });
        },
      },
      settings: { ...deps.settings, waitingLineText: "You're in line." },
    };
  });

  it("tells the customer once that they are in line, then opens the chat with their messages in order", async () => {
    chats.full = true;
    await expect(resumeChat(deps, reply("m1", "Hi"))).rejects.toBeInstanceOf(ChatCapacityError);
    // The stream retries the same message (and holds the next behind it) until a slot frees.
    await expect(resumeChat(deps, reply("m1", "Hi"))).rejects.toBeInstanceOf(ChatCapacityError);
    expect(told).toEqual([{ to: HANDLE, text: "You're in line.", reference: expect.any(String) }]);

    chats.full = false;
    expect(await resumeChat(deps, reply("m1", "Hi"))).toMatchObject({ outcome: "CHAT_STARTED" });
    expect(await resumeChat(deps, reply("m2", "Are you there?"))).toMatchObject({
      outcome: "SENT_TO_CHAT",
    });
    expect(chats.inChat("chat-1").map((m) => m.content)).toEqual(["Hi", "Are you there?"]);
    expect(told).toHaveLength(1);
  });

  it("never holds the chat up when the platform fails the notice, and tells them on the next try", async () => {
    chats.full = true;
    failNotices = 1;
    await expect(resumeChat(deps, reply("m1", "Hi"))).rejects.toBeInstanceOf(ChatCapacityError);
    // The failed notice gave up its claim: the next attempt tells them, and only that once.
    await expect(resumeChat(deps, reply("m1", "Hi"))).rejects.toBeInstanceOf(ChatCapacityError);
    await expect(resumeChat(deps, reply("m1", "Hi"))).rejects.toBeInstanceOf(ChatCapacityError);
    chats.full = false;
    expect(await resumeChat(deps, reply("m1", "Hi"))).toMatchObject({ outcome: "CHAT_STARTED" });
    expect(told).toHaveLength(1);
  });
});
