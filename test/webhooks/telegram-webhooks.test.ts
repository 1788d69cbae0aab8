import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTelegramEmulator, type TelegramEmulator } from "../../emulators/telegram/index.ts";
import {
  flipOneByte,
  resend,
  startWebhookHarness,
  type WebhookHarness,
} from "./webhook-harness.ts";

const SECRET = "telegram-secret_token-1";
const BOT_TOKEN = "5550001111:AAtelegram-test-token";
const USER_ID = 777000456;

let emulator: TelegramEmulator;
let harness: WebhookHarness;

beforeAll(async () => {
  harness = await startWebhookHarness({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
  emulator = await startTelegramEmulator({
    botToken: BOT_TOKEN,
    webhookUrl: harness.route("telegram"),
    secretToken: SECRET,
  });
});
afterAll(async () => {
  await emulator.close();
  await harness.close();
});
beforeEach(async () => {
  await emulator.idle();
});

describe("Telegram updates through functions/webhooks", () => {
  it("accepts an update carrying the secret token and records the message", async () => {
    const { updateId, delivery } = await emulator.customerSends({
      userId: USER_ID,
      text: "Hallo 👋",
      firstName: "Jonas",
    });
    expect(delivery.headers["x-telegram-bot-api-secret-token"]).toBe(SECRET);
    expect(delivery.status).toBe(200);
    const item = (await harness.inboxItems()).find((i) => i.providerMessageId === String(updateId));
    expect(item).toMatchObject({
      pk: `INBOX#telegram#${USER_ID}`,
      text: "Hallo 👋",
      profileName: "Jonas",
    });
  });

  // Telegram signs no body: the secret token header is the whole proof, so that is what changes.
  it("refuses a token with one byte changed, a wrong token, a missing header; a replay changes nothing", async () => {
    const { delivery } = await emulator.customerSends({ userId: USER_ID, text: "replay" });
    const before = await harness.itemCount();
    const outcomes = [
      await resend(delivery, {
        headers: { "x-telegram-bot-api-secret-token": flipOneByte(SECRET) },
      }),
      await resend(delivery, { headers: { "x-telegram-bot-api-secret-token": "wrong" } }),
      await resend(delivery, { headers: { "x-telegram-bot-api-secret-token": undefined } }),
    ];
    expect(outcomes.map((o) => o.status)).toEqual([403, 403, 401]);
    expect((await emulator.webhooks.replay(delivery.id)).status).toBe(200);
    expect(await harness.itemCount()).toBe(before);
  });

  it("treats a changed update_id as a new update (the body is not signed) and a replayed one as a duplicate", async () => {
    const { updateId, delivery } = await emulator.customerSends({
      userId: USER_ID,
      text: "edit me",
    });
    const changed = delivery.body.replace(
      `"update_id":${updateId}`,
      `"update_id":${updateId + 1000}`,
    );
    expect((await resend(delivery, { body: changed })).status).toBe(200);
    const before = await harness.itemCount();
    expect((await resend(delivery, { body: changed })).status).toBe(200);
    expect(await harness.itemCount()).toBe(before);
  });
});
