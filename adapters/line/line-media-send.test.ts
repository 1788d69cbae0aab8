import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OutboundMedia } from "../../core/ports/messenger-channel.ts";
import { type LineEmulator, startLineEmulator } from "../../emulators/line/index.ts";
import {
  type FileHost,
  startFileHost,
} from "../../emulators/shared-http/test-support/file-host.ts";
import { ONE_PAGE_PDF, PNG_1X1 } from "../../emulators/shared-http/test-support/sample-files.ts";
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from "../../emulators/shared-http/webhook-receiver.ts";
import { LineSender } from "./send.ts";

const USER_ID = `U${"4af4980629a0b7c1".repeat(2)}`;
const to = { channel: "line", handle: USER_ID } as const;

let emulator: LineEmulator;
let files: FileHost;
let receiver: WebhookReceiver;
let channel: LineSender;

beforeAll(async () => {
  files = await startFileHost();
  receiver = await startWebhookReceiver();
  emulator = await startLineEmulator({ webhookUrl: `${receiver.url}/hook` });
  channel = new LineSender({
    channelAccessToken: emulator.channelAccessToken,
    apiOrigin: emulator.url,
  });
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
  await files.close();
});
beforeEach(async () => {
  emulator.reset();
  await emulator.customerSends({ userId: USER_ID, text: "hi" });
});

function media(file: { contentType: string; bytes: Uint8Array }, url: string): OutboundMedia {
  return {
    kind: "media",
    to,
    url,
    contentType: file.contentType,
    fileName: "file",
    sizeInBytes: file.bytes.byteLength,
    reference: "item-1#att-1",
  };
}

describe("LineSender sends an agent's image as an image message", () => {
  it("pushes the link as both image URLs, and the user's app shows the image", async () => {
    const url = files.put("receipt.png", PNG_1X1);
    await channel.send(media(PNG_1X1, url));
    await emulator.idle();
    const [sent] = emulator.sent({ to: USER_ID });
    expect(sent?.messages).toEqual([
      { type: "image", originalContentUrl: url, previewImageUrl: url },
    ]);
    expect(sent?.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent?.images).toEqual([
      { url, shown: true, contentType: "image/png", sizeInBytes: PNG_1X1.bytes.length },
    ]);
  });

  it("refuses a PDF, which LINE has no message for, without calling LINE", async () => {
    const sent = channel.send(media(ONE_PAGE_PDF, files.put("invoice.pdf", ONE_PAGE_PDF)));
    await expect(sent).rejects.toMatchObject({ details: { reason: "UNSUPPORTED_FILE_TYPE" } });
    expect(emulator.requests.list({ operation: "message.push" })).toHaveLength(0);
  });

  it("refuses a link longer than LINE's 2,000 characters", async () => {
    const url = `${files.put("receipt.png", PNG_1X1)}?X-Amz-Security-Token=${"a".repeat(2_000)}`;
    const sent = channel.send(media(PNG_1X1, url));
    await expect(sent).rejects.toMatchObject({ details: { reason: "MEDIA_LINK_TOO_LONG" } });
  });
});
