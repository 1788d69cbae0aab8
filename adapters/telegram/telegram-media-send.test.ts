import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChannelRejectedError } from "../../core/errors.ts";
import type { OutboundMedia } from "../../core/ports/messenger-channel.ts";
import {
  type FileHost,
  startFileHost,
} from "../../emulators/shared-http/test-support/file-host.ts";
import { ONE_PAGE_PDF, PNG_1X1 } from "../../emulators/shared-http/test-support/sample-files.ts";
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from "../../emulators/shared-http/webhook-receiver.ts";
import { startTelegramEmulator, type TelegramEmulator } from "../../emulators/telegram/index.ts";
import { TelegramSender } from "./send.ts";

const USER_ID = 777000123;
const to = { channel: "telegram", handle: String(USER_ID) } as const;

let emulator: TelegramEmulator;
let files: FileHost;
let receiver: WebhookReceiver;
let channel: TelegramSender;

beforeAll(async () => {
  files = await startFileHost();
  receiver = await startWebhookReceiver();
  emulator = await startTelegramEmulator({ webhookUrl: `${receiver.url}/hook` });
  channel = new TelegramSender({
    botToken: emulator.botToken,
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
  await emulator.customerSends({ userId: USER_ID, text: "/start" });
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

describe("TelegramSender sends an agent's file by URL", () => {
  it("sends an image with sendPhoto and a PDF with sendDocument", async () => {
    const photo = await channel.send(media(PNG_1X1, files.put("receipt.png", PNG_1X1)));
    await channel.send(media(ONE_PAGE_PDF, files.put("invoice.pdf", ONE_PAGE_PDF)));
    const [first, second] = emulator.sent({ chatId: USER_ID });
    expect(photo.providerMessageId).toBe(`${USER_ID}:${first?.result.message_id}`);
    expect(first?.result).toHaveProperty("photo");
    expect(second?.result).toMatchObject({ document: { mime_type: "application/pdf" } });
    expect(emulator.requests.list().map((r) => r.path.split("/").pop())).toEqual([
      "sendPhoto",
      "sendDocument",
    ]);
  });

  it("refuses a Word file, which Telegram takes by URL only as GIF, PDF or ZIP", async () => {
    const word = {
      contentType: "application/msword",
      bytes: Buffer.from("doc"),
    };
    const sent = channel.send(media(word, files.put("letter.doc", word)));
    await expect(sent).rejects.toMatchObject({ details: { reason: "UNSUPPORTED_FILE_TYPE" } });
    expect(emulator.requests.list()).toHaveLength(0);
  });

  it("reports a link Telegram cannot get as MEDIA_REJECTED", async () => {
    const sent = channel.send(media(PNG_1X1, files.failing("gone.png", 404)));
    await expect(sent).rejects.toBeInstanceOf(ChannelRejectedError);
    await expect(sent).rejects.toMatchObject({ details: { reason: "MEDIA_REJECTED" } });
  });
});
