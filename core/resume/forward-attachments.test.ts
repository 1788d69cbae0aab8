import { beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { DependencyFailedError, InvalidInputError } from "../errors.ts";
import type { ChatConnectionRecord, ChatConnectionStore } from "../ports/chat-connection-store.ts";
import type { ChatService } from "../ports/chat-service.ts";
import type { MediaFetchResult, MediaSource } from "../ports/media-source.ts";
import type { InboundMedia } from "../ports/messenger-channel.ts";
import { Redactor } from "../redaction/redactor.ts";
import { newSession } from "../session/deflection-session.ts";
import type { CustomerReply } from "./customer-reply.ts";
import type { ResumeDeps } from "./resume-deps.ts";
import { sendAttachmentsToChat, sendToChat } from "./send-to-chat.ts";

type Posted =
  | { kind: "text"; content: string; clientToken: string }
  | { kind: "file"; fileName: string; contentType: string; bytes: number[]; clientToken: string };

/** The chat as a customer participant fills it: one item per ClientToken, in order. */
class FakeChats implements Pick<ChatService, "sendMessage" | "sendAttachment" | "connect"> {
  readonly posted: Posted[] = [];
  readonly #seen = new Set<string>();
  refuseTypes = new Set<string>();

  async connect() {
    return { connectionToken: "ct-renewed", connectionExpiresAt: new Date("2099-01-01") };
  }
  async sendMessage(options: { content: string; clientToken: string }) {
    this.#post(`m|${options.clientToken}`, { kind: "text", ...pick(options) });
    return { id: `msg-${options.clientToken}` };
  }
  async sendAttachment(options: {
    fileName: string;
    contentType: string;
    bytes: Uint8Array;
    clientToken: string;
  }) {
    if (this.refuseTypes.has(options.contentType)) {
      throw new InvalidInputError("ServiceQuotaExceededException");
    }
    const { fileName, contentType, clientToken } = options;
    const bytes = [...options.bytes];
    this.#post(`a|${clientToken}`, { kind: "file", fileName, contentType, bytes, clientToken });
    return { attachmentId: `att-${clientToken}` };
  }
  #post(key: string, item: Posted) {
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.posted.push(item);
  }
}

const pick = (o: { content: string; clientToken: string }) => ({
  content: o.content,
  clientToken: o.clientToken,
});

/** Files by URL, as a platform serves them; counts fetches. */
class FakeMediaSource implements MediaSource {
  readonly fetched: string[] = [];
  constructor(readonly files: Record<string, MediaFetchResult | Error>) {}
  async fetch(media: InboundMedia, options: { maxBytes: number }): Promise<MediaFetchResult> {
    this.fetched.push(media.url);
    const file = this.files[media.url];
    if (file instanceof Error) throw file;
    if (!file) return { kind: "unavailable", reason: "404" };
    if (file.kind === "fetched" && file.file.bytes.byteLength > options.maxBytes) {
      return { kind: "too-large", contentType: file.file.contentType };
    }
    return file;
  }
}

const fetched = (contentType: string, bytes: number[], fileName?: string): MediaFetchResult => ({
  kind: "fetched",
  file: { bytes: new Uint8Array(bytes), contentType, ...(fileName ? { fileName } : {}) },
});

const connection: ChatConnectionRecord = {
  chatContactId: "chat-1",
  voiceContactId: "voice-1",
  participantId: "p-1",
  participantToken: "pt-1",
  connectionToken: "ct-1",
  connectionExpiresAt: "2099-01-01T00:00:00.000Z",
};

let chats: FakeChats;
let media: FakeMediaSource;
let deps: ResumeDeps;
const session = {
  ...newSession({
    voiceContactId: "voice-1",
    instanceId: "instance-1",
    queueId: "queue-1",
    channel: "whatsapp",
    address: { channel: "whatsapp", handle: "+447700900123" },
    status: "accepted",
    at: new Date("2026-01-01T00:00:00Z"),
  }),
  status: "chat-started" as const,
  chatContactId: "chat-1",
};

beforeEach(() => {
  chats = new FakeChats();
  media = new FakeMediaSource({
    "https://media/photo": fetched("image/jpeg", [1, 2, 3]),
    "https://media/invoice": fetched("application/pdf", [4, 5], "invoice.pdf"),
    "https://media/generic": fetched("application/octet-stream", [6]),
    "https://media/huge": fetched("application/pdf", [7]),
    "https://media/broken": new DependencyFailedError("Twilio answered 503"),
  });
  const connections: Pick<ChatConnectionStore, "getConnection" | "saveConnection"> = {
    getConnection: async (chat) => (chat === "chat-1" ? connection : undefined),
    saveConnection: async () => {},
  };
  deps = {
    chats: chats as unknown as ChatService,
    connections: connections as ChatConnectionStore,
    mediaSources: { twilio: media },
    clock: new ManualClock(),
    redactor: new Redactor(),
    customerMessageRedactor: new Redactor({ nationalIds: false }),
    relay: { mode: "streaming", topicArn: "arn" },
    settings: { contactFlowId: "flow-1", defaultDisplayName: "Customer" },
  } as unknown as ResumeDeps;
});

const reply = (text: string, items: InboundMedia[], provider = "twilio"): CustomerReply => ({
  provider,
  providerMessageId: "MM1",
  from: { channel: "whatsapp", handle: "+447700900123" },
  text,
  mediaCount: items.length,
  media: items,
});

describe("sendToChat with attachments", () => {
  it("sends the text, then each file the chat can show as an attachment, in order", async () => {
    await sendToChat(deps, {
      session,
      reply: reply("Here you go", [
        { url: "https://media/photo", contentType: "image/jpeg" },
        { url: "https://media/invoice", contentType: "application/pdf" },
      ]),
    });
    expect(chats.posted).toEqual([
      { kind: "text", content: "Here you go", clientToken: "MM1" },
      {
        kind: "file",
        fileName: "attachment-1.jpg",
        contentType: "image/jpeg",
        bytes: [1, 2, 3],
        clientToken: "MM1#att0",
      },
      {
        kind: "file",
        fileName: "invoice.pdf",
        contentType: "application/pdf",
        bytes: [4, 5],
        clientToken: "MM1#att1",
      },
    ]);
  });

  it("names a type the chat cannot show without downloading it", async () => {
    await sendToChat(deps, {
      session,
      reply: reply("", [{ url: "https://media/clip", contentType: "video/mp4" }]),
    });
    expect(media.fetched).toEqual([]);
    expect(chats.posted).toEqual([
      {
        kind: "text",
        content: "[the customer sent a video (video/mp4), which the chat cannot show]",
        clientToken: "MM1#att0",
      },
    ]);
  });

  it("names a file over 20 MB, one that cannot be fetched, and one from a channel without a media source", async () => {
    media.files["https://media/huge"] = {
      kind: "too-large",
      contentType: "application/pdf",
      sizeBytes: 25 * 1024 * 1024,
    };
    await sendToChat(deps, {
      session,
      reply: reply("", [
        { url: "https://media/huge", contentType: "application/pdf" },
        { url: "https://media/gone", contentType: "image/png" },
      ]),
    });
    await sendToChat(deps, {
      session,
      reply: {
        ...reply("", [{ url: "https://x/1", contentType: "image" }], "x"),
        providerMessageId: "X2",
      },
    });
    expect(chats.posted.map((p) => (p.kind === "text" ? p.content : p.fileName))).toEqual([
      "[the customer sent a file (application/pdf, 25.0 MB), which is too large for the chat]",
      "[the customer sent an image (image/png), which could not be fetched]",
      "[the customer sent an image, which could not be fetched]",
    ]);
  });

  it("puts each file in the chat once when the same reply is sent again", async () => {
    const twice = reply("", [
      { url: "https://media/photo", contentType: "image/jpg" },
      { url: "https://media/clip", contentType: "video/mp4" },
    ]);
    await sendToChat(deps, { session, reply: twice });
    await sendToChat(deps, { session, reply: twice });
    expect(chats.posted.map((p) => p.clientToken)).toEqual(["MM1#att0", "MM1#att1"]);
    expect(chats.posted[0]).toMatchObject({ kind: "file", contentType: "image/jpeg" });
  });

  it("names a file the chat refuses instead of failing the message", async () => {
    chats.refuseTypes.add("image/jpeg");
    const result = await sendToChat(deps, {
      session,
      reply: reply("", [{ url: "https://media/photo", contentType: "image/jpeg" }]),
    });
    expect(chats.posted).toEqual([
      {
        kind: "text",
        content: "[the customer sent an image (image/jpeg), which the chat refused]",
        clientToken: "MM1#att0",
      },
    ]);
    expect(result.messageId).toBe("msg-MM1#att0");
  });

  it("uses the declared type when the platform serves a generic one", async () => {
    await sendToChat(deps, {
      session,
      reply: reply("", [{ url: "https://media/generic", contentType: "audio/x-wav" }]),
    });
    expect(chats.posted).toEqual([
      expect.objectContaining({ fileName: "attachment-1.wav", contentType: "audio/wav" }),
    ]);
  });

  it("fails the message, for a later retry, when the platform is down", async () => {
    await expect(
      sendToChat(deps, {
        session,
        reply: reply("see this", [{ url: "https://media/broken", contentType: "image/png" }]),
      }),
    ).rejects.toBeInstanceOf(DependencyFailedError);
    expect(chats.posted).toEqual([{ kind: "text", content: "see this", clientToken: "MM1" }]);
  });

  it("still names the attachments of a message whose media the channel did not list", async () => {
    await sendToChat(deps, { session, reply: { ...reply("", []), mediaCount: 2 } });
    expect(chats.posted.map((p) => p.kind === "text" && p.content)).toEqual([
      "[the customer sent 2 attachments]",
    ]);
  });

  it("sends only the attachments of the reply that opened the chat", async () => {
    await sendAttachmentsToChat(deps, {
      session,
      reply: reply("opening text", [{ url: "https://media/photo", contentType: "image/jpeg" }]),
    });
    expect(chats.posted).toEqual([expect.objectContaining({ kind: "file" })]);
  });
});
