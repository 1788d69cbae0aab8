import { describe, expect, it } from "vitest";
import { startMetaEmulator } from "../../emulators/meta/index.ts";
import { DAY_MS } from "../../emulators/shared-http/clock.ts";
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
import { MetaMessengerSender } from "./send.ts";

const PSID = "24019283746501234";
const media = agentFilesTo({ channel: "messenger", handle: PSID });

const files = useFileHost();
// Delivery events off: no webhook is posted, so the receiver stays idle.
const { emulator } = useMessagingEmulator({
  start: () => startMetaEmulator({ deliveryEvents: false }),
});
const channel = useSenderUnderTest(
  emulator,
  (meta) =>
    new MetaMessengerSender({ pageAccessToken: meta.pageAccessToken, graphOrigin: meta.url }),
);

describe("MetaMessengerSender sends an agent's file as an attachment with a URL payload", () => {
  it("sends an image as an image attachment and a PDF as a file, which Meta fetches", async () => {
    emulator().userWrote(PSID);
    const png = files().put("receipt.png", PNG_1X1);
    const pdf = files().put("invoice.pdf", ONE_PAGE_PDF);
    const sentImage = await channel().send(media(PNG_1X1, png));
    await channel().send(media(ONE_PAGE_PDF, pdf));
    const sent = emulator().sent({ recipientId: PSID });
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
    emulator().userWrote(PSID, Date.now() - 2 * DAY_MS);
    await channel().send({ ...media(PNG_1X1, files().put("late.png", PNG_1X1)), humanAgent: true });
    expect(emulator().sent()[0]).toMatchObject({
      messagingType: "MESSAGE_TAG",
      tag: "HUMAN_AGENT",
    });
  });

  it("reports a link Meta cannot fetch as MEDIA_REJECTED", async () => {
    emulator().userWrote(PSID);
    const sent = channel().send(media(PNG_1X1, files().failing("expired.png", 403)));
    await expectRefused(sent, {
      reason: "MEDIA_REJECTED",
      providerCode: "100",
      providerSubcode: "2018047",
    });
  });
});
