import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChannelRejectedError } from "../../core/errors.ts";
import type { OutboundMedia } from "../../core/ports/messenger-channel.ts";
import {
  type FileHost,
  startFileHost,
} from "../../emulators/shared-http/test-support/file-host.ts";
import { ONE_PAGE_PDF, PNG_1X1 } from "../../emulators/shared-http/test-support/sample-files.ts";
import { startXEmulator, type XEmulator } from "../../emulators/x/index.ts";
import { XDirectMessageSender } from "./send.ts";

const CUSTOMER_ID = "1460000000000000001";
const to = { channel: "x", handle: CUSTOMER_ID } as const;

let emulator: XEmulator;
let files: FileHost;
let channel: XDirectMessageSender;

beforeAll(async () => {
  files = await startFileHost();
  emulator = await startXEmulator({ echoOwnSends: false });
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = emulator.credentials;
  channel = new XDirectMessageSender({
    credentials: {
      appKey: consumerKey,
      appSecret: consumerSecret,
      accessToken,
      accessSecret: accessTokenSecret,
    },
    apiOrigin: emulator.url,
    httpsAgent: emulator.httpsAgent(),
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

describe("XDirectMessageSender sends an agent's image through the media upload", () => {
  it("fetches the file, uploads it with twitter-api-v2 and sends a DM naming its media", async () => {
    const url = files.put("receipt.png", PNG_1X1);
    const result = await channel.send(media(PNG_1X1, url));
    const [event] = emulator.sent({ participantId: CUSTOMER_ID });
    expect(event?.id).toBe(result.providerMessageId);
    const mediaKey = event?.attachments?.media_keys[0] ?? "";
    expect(emulator.uploadedMedia(mediaKey)).toMatchObject({
      mediaType: "image/png",
      category: "dm_image",
      sizeInBytes: PNG_1X1.bytes.length,
    });
    expect(files.fetches.get("/receipt.png")).toBe(1);
  });

  it("refuses a PDF, which a DM cannot carry, without fetching it or calling X", async () => {
    const sent = channel.send(media(ONE_PAGE_PDF, files.put("invoice.pdf", ONE_PAGE_PDF)));
    await expect(sent).rejects.toMatchObject({ details: { reason: "UNSUPPORTED_FILE_TYPE" } });
    expect(files.fetches.has("/invoice.pdf")).toBe(false);
    expect(emulator.requests.list()).toHaveLength(0);
  });

  it("reports a link that no longer serves the file as FILE_UNAVAILABLE", async () => {
    const sent = channel.send(media(PNG_1X1, files.failing("expired.png", 403)));
    await expect(sent).rejects.toBeInstanceOf(ChannelRejectedError);
    await expect(sent).rejects.toMatchObject({ details: { reason: "FILE_UNAVAILABLE" } });
    expect(emulator.sent()).toHaveLength(0);
  });
});
