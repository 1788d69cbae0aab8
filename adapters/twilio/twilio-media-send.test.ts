import type twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChannelRejectedError } from "../../core/errors.ts";
import type { OutboundMedia } from "../../core/ports/messenger-channel.ts";
import {
  type FileHost,
  startFileHost,
} from "../../emulators/shared-http/test-support/file-host.ts";
import { ONE_PAGE_PDF, PNG_1X1 } from "../../emulators/shared-http/test-support/sample-files.ts";
import { startTwilioEmulator, type TwilioEmulator } from "../../emulators/twilio/index.ts";
import { createLocalTwilioClient } from "../../emulators/twilio/local-client.ts";
import { TwilioSender } from "./send.ts";

const OUR_NUMBER = "+15557654321";
const CUSTOMER = "+15551234567";

let emulator: TwilioEmulator;
let files: FileHost;
let sms: TwilioSender;
let whatsApp: TwilioSender;
let client: twilio.Twilio;

beforeAll(async () => {
  files = await startFileHost();
  emulator = await startTwilioEmulator({
    senders: [OUR_NUMBER, `whatsapp:${OUR_NUMBER}`],
    statusStepMs: 1,
  });
  const shared = { accountSid: emulator.accountSid, authToken: emulator.authToken };
  sms = new TwilioSender("sms", { ...shared, apiOrigin: emulator.url, from: OUR_NUMBER });
  whatsApp = new TwilioSender("whatsapp", {
    ...shared,
    apiOrigin: emulator.url,
    from: `whatsapp:${OUR_NUMBER}`,
  });
  // The official client reads back what Twilio made of each send.
  client = createLocalTwilioClient({ emulatorUrl: emulator.url, ...shared });
});
afterAll(async () => {
  await emulator.close();
  await files.close();
});
beforeEach(async () => {
  await emulator.idle();
  emulator.reset();
});

function media(
  channel: "sms" | "whatsapp",
  file: { contentType: string; bytes: Uint8Array },
  url: string,
): OutboundMedia {
  return {
    kind: "media",
    to: { channel, handle: CUSTOMER },
    url,
    contentType: file.contentType,
    fileName: "file",
    sizeInBytes: file.bytes.byteLength,
    reference: "item-1#att-1",
  };
}

describe("Twilio channels send an agent's file with MediaUrl", () => {
  it("sends an image by MMS, which Twilio fetches and delivers", async () => {
    const url = files.put("receipt.png", PNG_1X1);
    const result = await sms.send(media("sms", PNG_1X1, url));
    await emulator.idle();
    const message = await client.messages(result.providerMessageId).fetch();
    expect(message).toMatchObject({ status: "delivered", numMedia: "1", body: "" });
    expect(emulator.sent()[0]?.media).toEqual([
      { url, contentType: "image/png", sizeInBytes: PNG_1X1.bytes.length },
    ]);
  });

  it("sends a PDF on WhatsApp inside the window", async () => {
    emulator.openWindow(`whatsapp:${CUSTOMER}`, `whatsapp:${OUR_NUMBER}`);
    const url = files.put("invoice.pdf", ONE_PAGE_PDF);
    const result = await whatsApp.send(media("whatsapp", ONE_PAGE_PDF, url));
    await emulator.idle();
    expect((await client.messages(result.providerMessageId).fetch()).status).toBe("delivered");
  });

  it("refuses a type WhatsApp does not carry before calling Twilio", async () => {
    const word = {
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      bytes: Buffer.from("PK"),
    };
    const sent = whatsApp.send(media("whatsapp", word, files.put("letter.docx", word)));
    await expect(sent).rejects.toBeInstanceOf(ChannelRejectedError);
    await expect(sent).rejects.toMatchObject({ details: { reason: "UNSUPPORTED_FILE_TYPE" } });
    expect(emulator.requests.list({ operation: "messages.create" })).toHaveLength(0);
  });
});
