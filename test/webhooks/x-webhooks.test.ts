import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { XDirectMessageSender } from "../../adapters/x/send.ts";
import { startXEmulator, type XEmulator } from "../../emulators/x/index.ts";
import {
  flipOneByte,
  resend,
  startWebhookHarness,
  type WebhookHarness,
} from "./webhook-harness.ts";

const CUSTOMER_ID = "1460000000000000002";

let emulator: XEmulator;
let harness: WebhookHarness;

/** X's documented algorithm, written here independently of the adapter. */
function xSignature(secret: string, data: string): string {
  return `sha256=${createHmac("sha256", secret).update(data).digest("base64")}`;
}

beforeAll(async () => {
  emulator = await startXEmulator({ echoOwnSends: true });
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = emulator.credentials;
  harness = await startWebhookHarness({
    X_CONSUMER_KEY: consumerKey,
    X_CONSUMER_SECRET: consumerSecret,
    X_ACCESS_TOKEN: accessToken,
    X_ACCESS_SECRET: accessTokenSecret,
    X_API_ORIGIN: emulator.url,
  });
  emulator.setWebhookUrl(harness.route("x"));
});
afterAll(async () => {
  await emulator.close();
  await harness.close();
});
beforeEach(async () => {
  await emulator.idle();
  emulator.reset();
});

describe("X Account Activity webhooks through functions/webhooks", () => {
  it("answers the CRC GET with the HMAC of crc_token under the consumer secret", async () => {
    const { ok, delivery } = await emulator.crcCheck();
    expect(ok).toBe(true);
    const token = new URL(delivery.url).searchParams.get("crc_token") ?? "";
    expect(JSON.parse(delivery.responseBody ?? "")).toEqual({
      response_token: xSignature(emulator.credentials.consumerSecret, token),
    });
  });

  it("accepts a signed DM and records it with the sender's name", async () => {
    const { eventId, delivery } = await emulator.customerSends({
      senderId: CUSTOMER_ID,
      text: "Can we continue here? ✨",
      screenName: "ana",
    });
    expect(delivery.headers["x-twitter-webhooks-signature"]).toBe(
      xSignature(emulator.credentials.consumerSecret, delivery.body),
    );
    expect(delivery.status).toBe(200);
    const item = (await harness.inboxItems()).find((i) => i.providerMessageId === eventId);
    expect(item).toMatchObject({
      pk: `INBOX#x#${CUSTOMER_ID}`,
      text: "Can we continue here? ✨",
      profileName: "ana",
    });
  });

  it("refuses a changed byte, a wrong secret, a missing header; a replay changes nothing", async () => {
    const { delivery } = await emulator.customerSends({ senderId: CUSTOMER_ID, text: "replay" });
    const before = await harness.itemCount();
    const outcomes = [
      await resend(delivery, { body: flipOneByte(delivery.body) }),
      await resend(delivery, {
        headers: { "x-twitter-webhooks-signature": xSignature("wrong", delivery.body) },
      }),
      await resend(delivery, { headers: { "x-twitter-webhooks-signature": undefined } }),
    ];
    expect(outcomes.map((o) => o.status)).toEqual([403, 403, 401]);
    expect((await emulator.webhooks.replay(delivery.id)).status).toBe(200);
    expect(await harness.itemCount()).toBe(before);
  });

  it("drops the echo of our own DM (sender = for_user_id)", async () => {
    const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = emulator.credentials;
    const channel = new XDirectMessageSender({
      credentials: {
        appKey: consumerKey,
        appSecret: consumerSecret,
        accessToken,
        accessSecret: accessTokenSecret,
      },
      apiOrigin: emulator.url,
      httpsAgent: emulator.httpsAgent(),
    });
    const before = await harness.itemCount();
    await channel.send({
      kind: "text",
      to: { channel: "x", handle: CUSTOMER_ID },
      text: "from us",
      reference: "x1",
    });
    await emulator.idle();
    const [echo] = emulator.webhooks.list({ kind: "echo" });
    expect(echo?.status).toBe(200);
    expect(await harness.itemCount()).toBe(before);
  });
});
