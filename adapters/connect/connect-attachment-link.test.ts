import { StartChatContactCommand } from "@aws-sdk/client-connect";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { InvalidInputError } from "../../core/errors.ts";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { sdkClients, testInstance } from "../../emulators/connect/test-support/clients.ts";
import { ManualClock } from "../../emulators/shared-http/clock.ts";
import { PNG_1X1 } from "../../emulators/shared-http/test-support/sample-files.ts";
import { ConnectParticipantService } from "./connect-participant-service.ts";

let emulator: ConnectEmulator;
let participant: ConnectParticipantService;
const clock = new ManualClock();
const openChats: string[] = [];

beforeAll(async () => {
  emulator = await startConnectEmulator({ instance: testInstance, quotas: "off", clock });
  participant = new ConnectParticipantService({
    participant: sdkClients(emulator.url).participant,
  });
});
afterEach(() => {
  for (const contactId of openChats.splice(0)) emulator.control.agentEnd("alice", contactId);
  // Past the agent's after-contact work, so the next chat can be offered to her.
  clock.advance(10 * 60_000);
});
afterAll(() => emulator.close());

/** A chat the relay's customer side is connected to, with agent alice and her file in it. */
async function chatWithAgentFile() {
  const { connect } = sdkClients(emulator.url);
  const started = await connect.send(
    new StartChatContactCommand({
      InstanceId: testInstance.instanceId,
      ContactFlowId: testInstance.flows[0]?.id ?? "",
      ParticipantDetails: { DisplayName: "Sam" },
    }),
  );
  const contactId = started.ContactId ?? "";
  const { connectionToken } = await participant.connect({
    participantToken: started.ParticipantToken ?? "",
    websocket: false,
  });
  emulator.control.setAgentStatus("alice", "Available");
  emulator.control.agentAccept("alice", contactId);
  openChats.push(contactId);
  const sent = emulator.control.agentSendAttachment("alice", contactId, {
    fileName: "receipt.png",
    contentType: PNG_1X1.contentType,
    bytes: PNG_1X1.bytes,
  });
  return { contactId, connectionToken, attachmentId: sent.attachmentId };
}

describe("ConnectParticipantService and an agent's file", () => {
  it("reads the file of an ATTACHMENT item from the transcript", async () => {
    const chat = await chatWithAgentFile();
    const page = await participant.getTranscript(chat);
    const item = page.entries.find((entry) => entry.type === "ATTACHMENT");
    expect(item).toMatchObject({
      participantRole: "AGENT",
      attachments: [
        {
          attachmentId: chat.attachmentId,
          fileName: "receipt.png",
          contentType: "image/png",
          status: "APPROVED",
        },
      ],
    });
  });

  it("gets a download link that lives Connect's longest (300 s) and serves the file", async () => {
    const chat = await chatWithAgentFile();
    const link = await participant.getAttachmentLink(chat);
    expect(link.sizeInBytes).toBe(PNG_1X1.bytes.length);
    expect(link.expiresAt.getTime()).toBe(clock.now() + 300_000);
    const served = await fetch(link.url);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG_1X1.bytes)).toBe(true);
  });

  it("reports a file the chat does not have as InvalidInputError", async () => {
    const chat = await chatWithAgentFile();
    await expect(
      participant.getAttachmentLink({ ...chat, attachmentId: "no-such-file" }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });
});
