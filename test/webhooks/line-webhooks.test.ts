import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LineEmulator, startLineEmulator } from "../../emulators/line/index.ts";
import {
  flipOneByte,
  resend,
  startWebhookHarness,
  type WebhookHarness,
} from "./webhook-harness.ts";

const SECRET = "line-channel-secret-for-tests";
const USER_ID = `U${"0123456789abcdef".repeat(2)}`;

let emulator: LineEmulator;
let harness: WebhookHarness;

/** LINE's documented algorithm, written here independently of the adapter. */
function lineSignature(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

beforeAll(async () => {
  harness = await startWebhookHarness({
    LINE_CHANNEL_SECRET: SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: "line-token",
  });
  emulator = await startLineEmulator({ channelSecret: SECRET, webhookUrl: harness.route("line") });
});
afterAll(async () => {
  await emulator.close();
  await harness.close();
});

describe("LINE webhooks through functions/webhooks", () => {
  it("answers the console's verify request (no events) with 200", async () => {
    expect((await emulator.verifyWebhook()).status).toBe(200);
  });

  it("accepts a signed text message and records it", async () => {
    const { messageId, delivery } = await emulator.customerSends({
      userId: USER_ID,
      text: "続きをお願いします",
    });
    expect(delivery.headers["x-line-signature"]).toBe(lineSignature(SECRET, delivery.body));
    expect(delivery.status).toBe(200);
    const item = (await harness.inboxItems()).find((i) => i.providerMessageId === messageId);
    expect(item).toMatchObject({ pk: `INBOX#line#${USER_ID}`, text: "続きをお願いします" });
  });

  it("refuses a changed byte, a wrong secret, a missing header; a redelivery changes nothing", async () => {
    const { webhookEventId, delivery } = await emulator.customerSends({
      userId: USER_ID,
      text: "again",
    });
    const before = await harness.itemCount();
    const outcomes = [
      await resend(delivery, { body: flipOneByte(delivery.body) }),
      await resend(delivery, {
        headers: { "x-line-signature": lineSignature("wrong", delivery.body) },
      }),
      await resend(delivery, { headers: { "x-line-signature": undefined } }),
    ];
    expect(outcomes.map((o) => o.status)).toEqual([403, 403, 401]);
    expect((await emulator.redeliver(webhookEventId)).status).toBe(200);
    expect((await emulator.webhooks.replay(delivery.id)).status).toBe(200);
    expect(await harness.itemCount()).toBe(before);
  });
});
