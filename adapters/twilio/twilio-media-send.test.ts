import { afterEach, describe, expect, it } from "vitest";
import { useFileHost } from "../../emulators/shared-http/test-support/messaging-emulator.ts";
import { ONE_PAGE_PDF, PNG_1X1 } from "../../emulators/shared-http/test-support/sample-files.ts";
import { startTwilioEmulator } from "../../emulators/twilio/index.ts";
import { useTwilioEmulator } from "../../emulators/twilio/test-support/twilio-under-test.ts";
import {
  agentFilesTo,
  expectRefused,
  useSenderUnderTest,
} from "../test-support/sender-under-test.ts";
import { TwilioSender } from "./send.ts";

const OUR_NUMBER = "+15557654321";
const CUSTOMER = "+15551234567";
const smsMedia = agentFilesTo({ channel: "sms", handle: CUSTOMER });
const whatsAppMedia = agentFilesTo({ channel: "whatsapp", handle: CUSTOMER });

const files = useFileHost();
// The official client reads back what Twilio made of each send.
const { emulator, client } = useTwilioEmulator({
  start: () =>
    startTwilioEmulator({ senders: [OUR_NUMBER, `whatsapp:${OUR_NUMBER}`], statusStepMs: 1 }),
});
const senders = useSenderUnderTest(emulator, (twilio) => {
  const shared = {
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    apiOrigin: twilio.url,
  };
  return {
    sms: new TwilioSender("sms", { ...shared, from: OUR_NUMBER }),
    whatsApp: new TwilioSender("whatsapp", { ...shared, from: `whatsapp:${OUR_NUMBER}` }),
  };
});
// A send's status steps run on after it returns: let them finish before the next test resets.
afterEach(() => emulator().idle());

describe("Twilio channels send an agent's file with MediaUrl", () => {
  it("sends an image by MMS, which Twilio fetches and delivers", async () => {
    const url = files().put("receipt.png", PNG_1X1);
    const result = await senders().sms.send(smsMedia(PNG_1X1, url));
    await emulator().idle();
    const message = await client().messages(result.providerMessageId).fetch();
    expect(message).toMatchObject({ status: "delivered", numMedia: "1", body: "" });
    expect(emulator().sent()[0]?.media).toEqual([
      { url, contentType: "image/png", sizeInBytes: PNG_1X1.bytes.length },
    ]);
  });

  it("sends a PDF on WhatsApp inside the window", async () => {
    emulator().openWindow(`whatsapp:${CUSTOMER}`, `whatsapp:${OUR_NUMBER}`);
    const url = files().put("invoice.pdf", ONE_PAGE_PDF);
    const result = await senders().whatsApp.send(whatsAppMedia(ONE_PAGE_PDF, url));
    await emulator().idle();
    expect((await client().messages(result.providerMessageId).fetch()).status).toBe("delivered");
  });

  it("refuses a type WhatsApp does not carry before calling Twilio", async () => {
    const word = {
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      bytes: Buffer.from("PK"),
    };
    const sent = senders().whatsApp.send(whatsAppMedia(word, files().put("letter.docx", word)));
    await expectRefused(sent, { reason: "UNSUPPORTED_FILE_TYPE" });
    expect(emulator().requests.list({ operation: "messages.create" })).toHaveLength(0);
  });
});
