import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChannelRejectedError } from "../../core/errors.ts";
import type { OutboundMedia } from "../../core/ports/messenger-channel.ts";
import { type MetaEmulator, startMetaEmulator } from "../../emulators/meta/index.ts";
import { DAY_MS } from "../../emulators/shared-http/clock.ts";
import {
  type FileHost,
  startFileHost,
} from "../../emulators/shared-http/test-support/file-host.ts";
import { ONE_PAGE_PDF, PNG_1X1 } from "../../emulators/shared-http/test-support/sample-files.ts";
import { MetaMessengerSender } from "./send.ts";

const PSID = "24019283746501234";
const to = { channel: "messenger", handle: PSID } as const;

let emulator: MetaEmulator;
let files: FileHost;
let channel: MetaMessengerSender;

beforeAll(async () => {
  files = await startFileHost();
  emulator = await startMetaEmulator({ deliveryEvents: false });
  channel = new MetaMessengerSender({
    pageAccessToken: emulator.pageAccessToken,
    graphOrigin: emulator.url,
  });
});
afterAll(async () => {
  await emulator.close();
  await files.close();
});
beforeEach(() => emulator.reset());

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

describe("MetaMessengerSender sends an agent's file as an attachment with a URL payload", () => {
  it("sends an image as an image attachment and a PDF as a file, which Meta fetches", async () => {
    emulator.userWrote(PSID);
    const png = files.put("receipt.png", PNG_1X1);
    const pdf = files.put("invoice.pdf", ONE_PAGE_PDF);
    const sentImage = await channel.send(media(PNG_1X1, png));
    await channel.send(media(ONE_PAGE_PDF, pdf));
    const sent = emulator.sent({ recipientId: PSID });
    expect(sent[0]).toMatchObject({
      messageId: sentImage.providerMessageId,
      messagingType: "RESPONSE",
      message: { attachment: { type: "image", payload: { url: png, is_reusable: false } } },
      media: { contentType: "image/png" },
    });
    expect(sent[1]).toMatchObject({
      message: { attachment: { type: "file" } },
      media: { contentType: "application/pdf" },
    });
  });

  it("tags a file HUMAN_AGENT after the 24-hour window", async () => {
    emulator.userWrote(PSID, Date.now() - 2 * DAY_MS);
    await channel.send({ ...media(PNG_1X1, files.put("late.png", PNG_1X1)), humanAgent: true });
    expect(emulator.sent()[0]).toMatchObject({ messagingType: "MESSAGE_TAG", tag: "HUMAN_AGENT" });
  });

  it("reports a link Meta cannot fetch as MEDIA_REJECTED", async () => {
    emulator.userWrote(PSID);
    const sent = channel.send(media(PNG_1X1, files.failing("expired.png", 403)));
    await expect(sent).rejects.toBeInstanceOf(ChannelRejectedError);
    await expect(sent).rejects.toMatchObject({
      details: { reason: "MEDIA_REJECTED", providerCode: "100", providerSubcode: "2018047" },
    });
  });
});
