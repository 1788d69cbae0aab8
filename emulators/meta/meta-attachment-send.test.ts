import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FileHost, startFileHost } from "../shared-http/test-support/file-host.ts";
import { fileOfSize, ONE_PAGE_PDF, PNG_1X1 } from "../shared-http/test-support/sample-files.ts";
import { type MetaEmulator, startMetaEmulator } from "./index.ts";

const PSID = "24837461928374651";
const MB = 1024 * 1024;

let emulator: MetaEmulator;
let files: FileHost;

interface GraphReply {
  message_id?: string;
  error?: { code: number; error_subcode?: number; message: string };
}

/** A Send API call with an attachment given by URL, as the Messenger Platform documents it. */
async function sendAttachment(type: string, url: string) {
  const response = await fetch(
    `${emulator.url}/v21.0/me/messages?access_token=${encodeURIComponent(emulator.pageAccessToken)}`,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        recipient: { id: PSID },
        messaging_type: "RESPONSE",
        message: { attachment: { type, payload: { url, is_reusable: false } } },
      }),
    },
  );
  return { status: response.status, json: (await response.json()) as GraphReply };
}

beforeAll(async () => {
  files = await startFileHost();
  emulator = await startMetaEmulator({ deliveryEvents: false });
});
afterAll(async () => {
  await emulator.close();
  await files.close();
});
beforeEach(() => {
  emulator.reset();
  emulator.userWrote(PSID, Date.now());
});

describe("Meta emulator: Send API attachments by URL", () => {
  it("fetches an image and a file before answering, and records what it fetched", async () => {
    const image = files.put("photo.png", PNG_1X1);
    const pdf = files.put("invoice.pdf", ONE_PAGE_PDF);
    const sentImage = await sendAttachment("image", image);
    const sentPdf = await sendAttachment("file", pdf);
    expect(sentImage).toMatchObject({ status: 200, json: { message_id: expect.any(String) } });
    expect(sentPdf.status).toBe(200);
    expect(emulator.sent().map((m) => m.media)).toEqual([
      { url: image, type: "image", contentType: "image/png", sizeInBytes: PNG_1X1.bytes.length },
      {
        url: pdf,
        type: "file",
        contentType: "application/pdf",
        sizeInBytes: ONE_PAGE_PDF.bytes.length,
      },
    ]);
  });

  it("refuses an image attachment whose URL serves another type, with 100/2018047", async () => {
    const pdf = files.put("not-a-photo.pdf", ONE_PAGE_PDF);
    const { status, json } = await sendAttachment("image", pdf);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: 100, error_subcode: 2018047 });
    expect(emulator.sent()).toHaveLength(0);
  });

  it("refuses a URL it cannot fetch and an image over 8 MB", async () => {
    const gone = await sendAttachment("image", files.failing("gone.png", 404));
    const big = await sendAttachment(
      "image",
      files.put("big.png", fileOfSize("image/png", 8 * MB + 1)),
    );
    expect(gone.json.error?.message).toMatch(/Failed to fetch/);
    expect(big.json.error?.message).toMatch(/size exceeds/);
    expect(emulator.sent()).toHaveLength(0);
  });

  it("refuses an attachment type the Send API does not have", async () => {
    const { status, json } = await sendAttachment("document", files.put("a.pdf", ONE_PAGE_PDF));
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: 100 });
  });
});
