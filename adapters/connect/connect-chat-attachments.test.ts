import { GetAttachmentCommand, GetTranscriptCommand } from "@aws-sdk/client-connectparticipant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DependencyFailedError, InvalidInputError } from "../../core/errors.ts";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { sdkClients, testInstance } from "../../emulators/connect/test-support/clients.ts";
import { ConnectChatService } from "./connect-chat-service.ts";

let emulator: ConnectEmulator;
let clients: ReturnType<typeof sdkClients>;
let service: ConnectChatService;

beforeAll(async () => {
  // The adapter's answers are under test, not the account's quotas (paced-calls.test.ts).
  emulator = await startConnectEmulator({ instance: testInstance, quotas: "off" });
  clients = sdkClients(emulator.url);
  service = new ConnectChatService({ connect: clients.connect, participant: clients.participant });
});
afterAll(() => emulator.close());

async function openChat(clientToken: string) {
  const chat = await service.startChat({
    instanceId: testInstance.instanceId,
    contactFlowId: testInstance.flows[0]?.id ?? "",
    displayName: "Sam",
    attributes: {},
    clientToken,
  });
  const { connectionToken } = await service.connect({
    participantToken: chat.participantToken,
    websocket: false,
  });
  return { contactId: chat.contactId, connectionToken };
}

async function attachmentItems(chat: { contactId: string; connectionToken: string }) {
  const page = await clients.participant.send(
    new GetTranscriptCommand({
      ConnectionToken: chat.connectionToken,
      ContactId: chat.contactId,
      MaxResults: 100,
      SortOrder: "ASCENDING",
    }),
  );
  return (page.Transcript ?? []).filter((item) => item.Type === "ATTACHMENT");
}

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4 ${text}`);

describe("ConnectChatService.sendAttachment", () => {
  it("uploads the bytes to the presigned URL and shows the file in the chat", async () => {
    const chat = await openChat("att-chat-1");
    const bytes = pdf("invoice");
    const { attachmentId } = await service.sendAttachment({
      connectionToken: chat.connectionToken,
      fileName: "invoice.pdf",
      contentType: "application/pdf",
      bytes,
      clientToken: "MM1#att0",
    });
    const items = await attachmentItems(chat);
    expect(items).toHaveLength(1);
    expect(items[0]?.ParticipantRole).toBe("CUSTOMER");
    expect(items[0]?.Attachments).toEqual([
      {
        AttachmentId: attachmentId,
        AttachmentName: "invoice.pdf",
        ContentType: "application/pdf",
        Status: "APPROVED",
      },
    ]);
    // What an agent would download is what the customer sent.
    const download = await clients.participant.send(
      new GetAttachmentCommand({
        ConnectionToken: chat.connectionToken,
        AttachmentId: attachmentId,
      }),
    );
    expect(download.AttachmentSizeInBytes).toBe(bytes.byteLength);
    const served = await fetch(download.Url ?? "");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
  });

  it("reports a type the chat refuses as InvalidInputError", async () => {
    const chat = await openChat("att-chat-2");
    await expect(
      service.sendAttachment({
        connectionToken: chat.connectionToken,
        fileName: "clip.mp4",
        contentType: "video/mp4",
        bytes: new Uint8Array([1, 2, 3]),
        clientToken: "MM2#att0",
      }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(await attachmentItems(chat)).toEqual([]);
  });

  it("reports a chat at its 35 attachments as InvalidInputError, not as worth a retry", async () => {
    const chat = await openChat("att-chat-3");
    for (let i = 0; i < 35; i++) {
      await service.sendAttachment({
        connectionToken: chat.connectionToken,
        fileName: `page-${i}.txt`,
        contentType: "text/plain",
        bytes: new TextEncoder().encode(`page ${i}`),
        clientToken: `MM3#att${i}`,
      });
    }
    const refused = service.sendAttachment({
      connectionToken: chat.connectionToken,
      fileName: "one-more.txt",
      contentType: "text/plain",
      bytes: new TextEncoder().encode("one more"),
      clientToken: "MM3#att35",
    });
    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({
      details: { vendorCode: "ServiceQuotaExceededException" },
    });
    expect(await attachmentItems(chat)).toHaveLength(35);
  });

  it("reports an unknown connection token as a refusal and a throttled start as retryable", async () => {
    const chat = await openChat("att-chat-4");
    const attempt = (connectionToken: string) =>
      service.sendAttachment({
        connectionToken,
        fileName: "a.txt",
        contentType: "text/plain",
        bytes: new TextEncoder().encode("a"),
        clientToken: "MM4#att0",
      });
    await expect(attempt("no-such-token")).rejects.toBeInstanceOf(InvalidInputError);
    emulator.control.setFault("StartAttachmentUpload", { throttleRate: 1 });
    try {
      await expect(attempt(chat.connectionToken)).rejects.toBeInstanceOf(DependencyFailedError);
    } finally {
      emulator.control.faults.clear("StartAttachmentUpload");
    }
    expect(await attachmentItems(chat)).toEqual([]);
  });

  // Connect keeps a StartAttachmentUpload ClientToken like any other (SDK doc text: "to ensure
  // the idempotency of the request"); the emulator does not yet (attachment-api.ts creates an
  // upload per call). Expected to fail until it does; then this becomes a plain `it`.
  it("attaches a file once when the same client token is sent again", async () => {
    const chat = await openChat("att-chat-5");
    const send = () =>
      service.sendAttachment({
        connectionToken: chat.connectionToken,
        fileName: "photo.png",
        contentType: "image/png",
        bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
        clientToken: "MM5#att0",
      });
    const first = await send();
    const again = await send();
    expect(again.attachmentId).toBe(first.attachmentId);
    expect(await attachmentItems(chat)).toHaveLength(1);
  });
});
