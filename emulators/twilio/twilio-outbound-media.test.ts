import { describe, expect, it } from "vitest";
import { useFileHost } from "../shared-http/test-support/messaging-emulator.ts";
import { fileOfSize, ONE_PAGE_PDF, PNG_1X1 } from "../shared-http/test-support/sample-files.ts";
import { startTwilioEmulator } from "./index.ts";
import { useTwilioEmulator } from "./test-support/twilio-under-test.ts";

const SMS_NUMBER = "+15557654321";
const WA_NUMBER = "whatsapp:+15557654321";
const CUSTOMER = "+15551234567";
const WA_CUSTOMER = "whatsapp:+15551234567";
const MB = 1024 * 1024;

const files = useFileHost();
const { emulator, receiver, client } = useTwilioEmulator({
  start: () => startTwilioEmulator({ senders: [SMS_NUMBER, WA_NUMBER], statusStepMs: 1 }),
});

/** Sends one file with the official client and waits for Twilio to have dealt with it. */
async function sendMedia(to: string, mediaUrl: string) {
  const from = to.startsWith("whatsapp:") ? WA_NUMBER : SMS_NUMBER;
  if (to.startsWith("whatsapp:")) emulator().openWindow(to, WA_NUMBER);
  const created = await client().messages.create({
    to,
    from,
    mediaUrl: [mediaUrl],
    statusCallback: `${receiver().url}/status`,
  });
  await emulator().idle();
  const fetched = await client().messages(created.sid).fetch();
  const callbacks = receiver().received.map((r) => Object.fromEntries(new URLSearchParams(r.body)));
  return { created, fetched, callbacks };
}

describe("Twilio emulator: outbound MediaUrl, fetched and checked as Twilio does", () => {
  it("fetches an MMS image after answering, delivers it and records the file", async () => {
    const url = files().put("photo.png", PNG_1X1);
    const { created, fetched } = await sendMedia(CUSTOMER, url);
    expect(created.sid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(created.numMedia).toBe("1");
    expect(fetched.status).toBe("delivered");
    expect(emulator().sent()[0]?.media).toEqual([
      { url, contentType: "image/png", sizeInBytes: PNG_1X1.bytes.length },
    ]);
  });

  it("delivers a PDF on WhatsApp inside the window", async () => {
    const url = files().put("invoice.pdf", ONE_PAGE_PDF);
    const { fetched } = await sendMedia(WA_CUSTOMER, url);
    expect(fetched.status).toBe("delivered");
    expect(emulator().sent()[0]?.media[0]).toMatchObject({ contentType: "application/pdf" });
  });

  it("fails a WhatsApp file of a type WhatsApp does not take with 63021", async () => {
    const url = files().put("notes.txt", { contentType: "text/plain", bytes: Buffer.from("hi") });
    const { fetched, callbacks } = await sendMedia(WA_CUSTOMER, url);
    expect(fetched).toMatchObject({ status: "failed", errorCode: 63021 });
    expect(callbacks.at(-1)).toMatchObject({ MessageStatus: "failed", ErrorCode: "63021" });
    expect(emulator().sent()[0]?.media).toEqual([]);
  });

  it("fails an MMS file Twilio does not accept with 12300 Invalid Content-Type", async () => {
    const url = files().put("notes.txt", { contentType: "text/plain", bytes: Buffer.from("hi") });
    const { fetched } = await sendMedia(CUSTOMER, url);
    expect(fetched).toMatchObject({ status: "failed", errorCode: 12300 });
  });

  it("fails a link it cannot fetch: 11200 for SMS, 63019 for WhatsApp", async () => {
    const gone = files().failing("expired.png", 403);
    expect((await sendMedia(CUSTOMER, gone)).fetched).toMatchObject({ errorCode: 11200 });
    expect((await sendMedia(WA_CUSTOMER, gone)).fetched).toMatchObject({ errorCode: 63019 });
    expect(files().fetches.get("/expired.png")).toBe(2);
  });

  it("fails an MMS over 5 MB and a WhatsApp image over 5 MB", async () => {
    const big = files().put("big.png", fileOfSize("image/png", 5 * MB + 1));
    expect((await sendMedia(CUSTOMER, big)).fetched).toMatchObject({ errorCode: 30019 });
    expect((await sendMedia(WA_CUSTOMER, big)).fetched).toMatchObject({ errorCode: 63021 });
  });

  it("refuses a MediaUrl that is not a web URL at once, with 21620", async () => {
    await expect(
      client().messages.create({ to: CUSTOMER, from: SMS_NUMBER, mediaUrl: ["ftp://files/a.png"] }),
    ).rejects.toMatchObject({ status: 400, code: 21620 });
    expect(emulator().sent()).toHaveLength(0);
  });
});
