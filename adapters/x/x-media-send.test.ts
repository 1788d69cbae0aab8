import { describe, expect, it } from "vitest";
import {
  useFileHost,
  useMessagingEmulator,
} from "../../emulators/shared-http/test-support/messaging-emulator.ts";
import { ONE_PAGE_PDF, PNG_1X1 } from "../../emulators/shared-http/test-support/sample-files.ts";
import { startXEmulator } from "../../emulators/x/index.ts";
import {
  agentFilesTo,
  expectRefused,
  useSenderUnderTest,
} from "../test-support/sender-under-test.ts";
import { xSenderUnderTest } from "./test-support/x-sender-under-test.ts";

const CUSTOMER_ID = "1460000000000000001";
const media = agentFilesTo({ channel: "x", handle: CUSTOMER_ID });

const files = useFileHost();
const { emulator } = useMessagingEmulator({ start: () => startXEmulator({ echoOwnSends: false }) });
const channel = useSenderUnderTest(emulator, xSenderUnderTest);

describe("XDirectMessageSender sends an agent's image through the media upload", () => {
  it("fetches the file, uploads it with twitter-api-v2 and sends a DM naming its media", async () => {
    const url = files().put("receipt.png", PNG_1X1);
    const result = await channel().send(media(PNG_1X1, url));
    const [event] = emulator().sent({ participantId: CUSTOMER_ID });
    expect(event?.id).toBe(result.providerMessageId);
    const mediaKey = event?.attachments?.media_keys[0] ?? "";
    expect(emulator().uploadedMedia(mediaKey)).toMatchObject({
      mediaType: "image/png",
      category: "dm_image",
      sizeInBytes: PNG_1X1.bytes.length,
    });
    expect(files().fetches.get("/receipt.png")).toBe(1);
  });

  it("refuses a PDF, which a DM cannot carry, without fetching it or calling X", async () => {
    const sent = channel().send(media(ONE_PAGE_PDF, files().put("invoice.pdf", ONE_PAGE_PDF)));
    await expectRefused(sent, { reason: "UNSUPPORTED_FILE_TYPE" });
    expect(files().fetches.has("/invoice.pdf")).toBe(false);
    expect(emulator().requests.list()).toHaveLength(0);
  });

  it("reports a link that no longer serves the file as FILE_UNAVAILABLE", async () => {
    const sent = channel().send(media(PNG_1X1, files().failing("expired.png", 403)));
    await expectRefused(sent, { reason: "FILE_UNAVAILABLE" });
    expect(emulator().sent()).toHaveLength(0);
  });
});
