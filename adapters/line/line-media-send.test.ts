import { describe, expect, it } from "vitest";
import { startLineEmulator } from "../../emulators/line/index.ts";
import {
  useFileHost,
  useMessagingEmulator,
} from "../../emulators/shared-http/test-support/messaging-emulator.ts";
import { ONE_PAGE_PDF, PNG_1X1 } from "../../emulators/shared-http/test-support/sample-files.ts";
import {
  agentFilesTo,
  expectRefused,
  useSenderUnderTest,
} from "../test-support/sender-under-test.ts";
import { LineSender } from "./send.ts";

const USER_ID = `U${"4af4980629a0b7c1".repeat(2)}`;
const media = agentFilesTo({ channel: "line", handle: USER_ID });

const files = useFileHost();
const { emulator } = useMessagingEmulator({
  start: (receiverUrl) => startLineEmulator({ webhookUrl: `${receiverUrl}/hook` }),
  beforeEachTest: (line) => line.customerSends({ userId: USER_ID, text: "hi" }),
});
const channel = useSenderUnderTest(
  emulator,
  (line) => new LineSender({ channelAccessToken: line.channelAccessToken, apiOrigin: line.url }),
);

describe("LineSender sends an agent's image as an image message", () => {
  it("pushes the link as both image URLs, and the user's app shows the image", async () => {
    const url = files().put("receipt.png", PNG_1X1);
    await channel().send(media(PNG_1X1, url));
    await emulator().idle();
    const [sent] = emulator().sent({ to: USER_ID });
    expect(sent?.messages).toEqual([
      { type: "image", originalContentUrl: url, previewImageUrl: url },
    ]);
    expect(sent?.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent?.images).toEqual([
      { url, shown: true, contentType: "image/png", sizeInBytes: PNG_1X1.bytes.length },
    ]);
  });

  it("refuses a PDF, which LINE has no message for, without calling LINE", async () => {
    const sent = channel().send(media(ONE_PAGE_PDF, files().put("invoice.pdf", ONE_PAGE_PDF)));
    await expectRefused(sent, { reason: "UNSUPPORTED_FILE_TYPE" });
    expect(emulator().requests.list({ operation: "message.push" })).toHaveLength(0);
  });

  it("refuses a link longer than LINE's 2,000 characters", async () => {
    const url = `${files().put("receipt.png", PNG_1X1)}?X-Amz-Security-Token=${"a".repeat(2_000)}`;
    await expectRefused(channel().send(media(PNG_1X1, url)), { reason: "MEDIA_LINK_TOO_LONG" });
  });
});
