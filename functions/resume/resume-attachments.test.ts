import {
  GetAttachmentCommand,
  GetTranscriptCommand,
  type Item,
} from "@aws-sdk/client-connectparticipant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TwilioMediaSource } from "../../adapters/twilio/twilio-media-source.ts";
import { resumeChat } from "../../core/resume/resume-chat.ts";
import type { ResumeDeps } from "../../core/resume/resume-deps.ts";
import { sdkClients } from "../../emulators/connect/test-support/clients.ts";
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from "../../emulators/shared-http/webhook-receiver.ts";
import { startTwilioEmulator, type TwilioEmulator } from "../../emulators/twilio/index.ts";
import { type ResumeWorld, startResumeWorld } from "../../test/resume/resume-world.ts";
import { customerReply, inboxItemSchema } from "./inbox-record.ts";

const HANDLE = "+447700900777";
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 4, 2]);

let world: ResumeWorld;
let twilio: TwilioEmulator;
let receiver: WebhookReceiver;
let deps: ResumeDeps;

beforeAll(async () => {
  world = await startResumeWorld();
  receiver = await startWebhookReceiver();
  twilio = await startTwilioEmulator({ webhookUrl: `${receiver.url}/webhooks/whatsapp` });
  deps = {
    ...world.resume,
    mediaSources: {
      twilio: new TwilioMediaSource({
        accountSid: twilio.accountSid,
        authToken: twilio.authToken,
        apiOrigin: twilio.url,
      }),
    },
  };
});
afterAll(async () => {
  await twilio.close();
  await receiver.close();
  await world.close();
});

/** The customer sends files on WhatsApp; answers the inbox item the webhook would record. */
async function customerSendsFiles(
  text: string,
  media: { contentType: string; content: Uint8Array<ArrayBuffer> }[],
) {
  const { messageSid } = await twilio.customerSends({
    from: `whatsapp:${HANDLE}`,
    to: "whatsapp:+15557654321",
    text,
    media,
  });
  const params = new URLSearchParams(receiver.received.at(-1)?.body ?? "");
  return inboxItemSchema.parse({
    pk: `INBOX#whatsapp#${HANDLE}`,
    sk: `MSG#twilio#${messageSid}`,
    channel: "whatsapp",
    provider: "twilio",
    providerMessageId: messageSid,
    handle: HANDLE,
    text,
    media: media.map((_, i) => ({
      url: params.get(`MediaUrl${i}`),
      contentType: params.get(`MediaContentType${i}`),
    })),
  });
}

async function customerItems(chatContactId: string): Promise<Item[]> {
  const connection = await world.resume.connections.getConnection(chatContactId);
  const page = await sdkClients(world.connect.url).participant.send(
    new GetTranscriptCommand({
      ConnectionToken: connection?.connectionToken,
      ContactId: chatContactId,
      MaxResults: 100,
      SortOrder: "ASCENDING",
    }),
  );
  return (page.Transcript ?? []).filter((item) => item.ParticipantRole === "CUSTOMER");
}

describe("resume: a customer's files in the live chat", () => {
  it("uploads a photo from Twilio as a chat attachment and names a video the chat cannot show", async () => {
    await world.deflectedSession({ handle: HANDLE });
    const opened = await resumeChat(deps, world.reply(HANDLE, "SM-open", "yes please"));
    expect(opened.outcome).toBe("CHAT_STARTED");
    const chatId = opened.chatContactId ?? "";

    const item = await customerSendsFiles("my receipt", [
      { contentType: "image/jpeg", content: PHOTO },
      { contentType: "video/mp4", content: new Uint8Array([0, 0, 0, 24]) },
    ]);
    const sent = await resumeChat(deps, customerReply(item));
    expect(sent.outcome).toBe("SENT_TO_CHAT");

    const all = await customerItems(chatId);
    const items = all.slice(all.findIndex((i) => i.Content === "my receipt"));
    expect(items.map((i) => [i.Type, i.Content ?? i.Attachments?.[0]?.AttachmentName])).toEqual([
      ["MESSAGE", "my receipt"],
      ["ATTACHMENT", "attachment-1.jpg"],
      ["MESSAGE", "[the customer sent a video (video/mp4), which the chat cannot show]"],
    ]);
    const connection = await world.resume.connections.getConnection(chatId);
    const download = await sdkClients(world.connect.url).participant.send(
      new GetAttachmentCommand({
        ConnectionToken: connection?.connectionToken,
        AttachmentId: items[1]?.Attachments?.[0]?.AttachmentId,
      }),
    );
    const bytes = new Uint8Array(await (await fetch(download.Url ?? "")).arrayBuffer());
    expect(bytes).toEqual(PHOTO);
  });
});
