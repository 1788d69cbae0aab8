import { describe, expect, it } from "vitest";
import {
  useFileHost,
  useMessagingEmulator,
} from "../shared-http/test-support/messaging-emulator.ts";
import { ONE_PAGE_PDF, PNG_1X1 } from "../shared-http/test-support/sample-files.ts";
import { startLineEmulator } from "./index.ts";

const USER = `U${"4af4980629".padEnd(32, "0")}`;

interface LineReply {
  message?: string;
  details?: { message: string; property: string }[];
  sentMessages?: { id: string }[];
}

const files = useFileHost();
const { emulator } = useMessagingEmulator({
  start: (receiverUrl) => startLineEmulator({ webhookUrl: `${receiverUrl}/line` }),
  beforeEachTest: (line) => line.customerSends({ userId: USER, text: "hello" }),
});

async function push(messages: unknown[]) {
  const response = await fetch(`${emulator().url}/v2/bot/message/push`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${emulator().channelAccessToken}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ to: USER, messages }),
  });
  return { status: response.status, reply: (await response.json()) as LineReply };
}

const image = (url: string) => ({ type: "image", originalContentUrl: url, previewImageUrl: url });

describe("LINE emulator: image messages", () => {
  it("accepts an image message, and the user's app downloads and shows it", async () => {
    const url = files().put("photo.png", PNG_1X1);
    const { status, reply } = await push([image(url)]);
    expect(status).toBe(200);
    expect(reply.sentMessages).toHaveLength(1);
    await emulator().idle();
    expect(emulator().sent({ to: USER })[0]?.images).toEqual([
      { url, shown: true, contentType: "image/png", sizeInBytes: PNG_1X1.bytes.length },
    ]);
  });

  it("accepts a link to a PDF as an image, as LINE does, and the app cannot show it", async () => {
    const url = files().put("invoice.pdf", ONE_PAGE_PDF);
    expect((await push([image(url)])).status).toBe(200);
    await emulator().idle();
    expect(emulator().sent({ to: USER })[0]?.images[0]).toMatchObject({
      shown: false,
      problem: "not JPEG or PNG",
    });
  });

  it("refuses an image without a preview, a URL that is not HTTPS, and a file message", async () => {
    const url = files().put("photo.png", PNG_1X1);
    const noPreview = await push([{ type: "image", originalContentUrl: url }]);
    const notHttps = await push([image("http://files().example/photo.png")]);
    const file = await push([{ type: "file", fileName: "a.pdf" }]);
    expect(noPreview.reply.details).toEqual([
      { message: "must be specified", property: "messages[0].previewImageUrl" },
    ]);
    expect(notHttps.reply.details?.map((d) => d.property)).toEqual([
      "messages[0].originalContentUrl",
      "messages[0].previewImageUrl",
    ]);
    expect(file).toMatchObject({
      status: 400,
      reply: { message: "The request body has 1 error(s)" },
    });
    expect(emulator().sent({ to: USER })).toHaveLength(0);
  });
});
