import { describe, expect, it } from "vitest";
import {
  useFileHost,
  useMessagingEmulator,
} from "../../emulators/shared-http/test-support/messaging-emulator.ts";
import { ONE_PAGE_PDF, PNG_1X1 } from "../../emulators/shared-http/test-support/sample-files.ts";
import { startTelegramEmulator } from "../../emulators/telegram/index.ts";
import {
  agentFilesTo,
  expectRefused,
  useSenderUnderTest,
} from "../test-support/sender-under-test.ts";
import { TelegramSender } from "./send.ts";

const USER_ID = 777000123;
const media = agentFilesTo({ channel: "telegram", handle: String(USER_ID) });

const files = useFileHost();
const { emulator } = useMessagingEmulator({
  start: (receiverUrl) => startTelegramEmulator({ webhookUrl: `${receiverUrl}/hook` }),
  beforeEachTest: (telegram) => telegram.customerSends({ userId: USER_ID, text: "/start" }),
});
const channel = useSenderUnderTest(
  emulator,
  (telegram) => new TelegramSender({ botToken: telegram.botToken, apiOrigin: telegram.url }),
);

describe("TelegramSender sends an agent's file by URL", () => {
  it("sends an image with sendPhoto and a PDF with sendDocument", async () => {
    const photo = await channel().send(media(PNG_1X1, files().put("receipt.png", PNG_1X1)));
    await channel().send(media(ONE_PAGE_PDF, files().put("invoice.pdf", ONE_PAGE_PDF)));
    const [first, second] = emulator().sent({ chatId: USER_ID });
    expect(photo.providerMessageId).toBe(`${USER_ID}:${first?.result.message_id}`);
    expect(first?.result).toHaveProperty("photo");
    expect(second?.result).toMatchObject({ document: { mime_type: "application/pdf" } });
    expect(
      emulator()
        .requests.list()
        .map((r) => r.path.split("/").pop()),
    ).toEqual(["sendPhoto", "sendDocument"]);
  });

  it("refuses a Word file, which Telegram takes by URL only as GIF, PDF or ZIP", async () => {
    const word = {
      contentType: "application/msword",
      bytes: Buffer.from("doc"),
    };
    const sent = channel().send(media(word, files().put("letter.doc", word)));
    await expectRefused(sent, { reason: "UNSUPPORTED_FILE_TYPE" });
    expect(emulator().requests.list()).toHaveLength(0);
  });

  it("reports a link Telegram cannot get as MEDIA_REJECTED", async () => {
    const sent = channel().send(media(PNG_1X1, files().failing("gone.png", 404)));
    await expectRefused(sent, { reason: "MEDIA_REJECTED" });
  });
});
