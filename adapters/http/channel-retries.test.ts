import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CustomerAddress } from "../../core/channel.ts";
import { DependencyFailedError } from "../../core/errors.ts";
import { type LineEmulator, startLineEmulator } from "../../emulators/line/index.ts";
import { type MetaEmulator, startMetaEmulator } from "../../emulators/meta/index.ts";
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from "../../emulators/shared-http/webhook-receiver.ts";
import { startTelegramEmulator, type TelegramEmulator } from "../../emulators/telegram/index.ts";
import { startTwilioEmulator, type TwilioEmulator } from "../../emulators/twilio/index.ts";
import { startXEmulator, type XEmulator } from "../../emulators/x/index.ts";
import { LineSender } from "../line/send.ts";
import { MetaMessengerSender } from "../meta/send.ts";
import { TelegramSender } from "../telegram/send.ts";
import { TwilioSender } from "../twilio/send.ts";
import { XDirectMessageSender } from "../x/send.ts";
import type { RetryEvent } from "./with-retries.ts";

// Every channel's send goes through the one vendor HTTP helper; each platform's emulator
// injects the fault in the platform's own format (Retry-After, Telegram's retry_after…).

/** Retry settings that record instead of sleeping, and the trace they leave. */
function traced() {
  const waits: number[] = [];
  const retries: RetryEvent[] = [];
  const retry = {
    random: () => 0.5,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
    onRetry: (event: RetryEvent) => retries.push(event),
  };
  return { waits, retries, retry };
}

const text = (channel: CustomerAddress["channel"], handle: string) =>
  ({ kind: "text", to: { channel, handle }, text: "Hello from support", reference: "r1" }) as const;

let receiver: WebhookReceiver;
let meta: MetaEmulator;
let telegram: TelegramEmulator;
let line: LineEmulator;
let twilio: TwilioEmulator;
let x: XEmulator;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  const webhookUrl = `${receiver.url}/hook`;
  [meta, telegram, line, twilio, x] = await Promise.all([
    startMetaEmulator({ deliveryEvents: false }),
    startTelegramEmulator({ webhookUrl, secretToken: "s" }),
    startLineEmulator({ webhookUrl }),
    startTwilioEmulator({ senders: ["+15557654321"] }),
    startXEmulator(),
  ]);
});
beforeEach(async () => {
  await twilio.idle();
  for (const emulator of [meta, telegram, line, twilio, x]) emulator.reset();
});
afterAll(async () => {
  await Promise.all([meta, telegram, line, twilio, x].map((emulator) => emulator.close()));
  await receiver.close();
});

describe("Messenger sends through the vendor HTTP helper", () => {
  const PSID = "24019283746501234";
  const channel = (retry: object) =>
    new MetaMessengerSender({
      pageAccessToken: meta.pageAccessToken,
      graphOrigin: meta.url,
      retry,
    });

  it("retries a send throttled once, after its Retry-After, and the customer gets it once", async () => {
    meta.userWrote(PSID);
    meta.faults.failNext("messages.send", { status: 429, retryAfterSeconds: 1 });
    const { waits, retries, retry } = traced();
    await channel(retry).send(text("messenger", PSID));
    expect(meta.sent({ recipientId: PSID })).toHaveLength(1);
    expect(waits).toEqual([1_000]);
    expect(retries).toMatchObject([
      { operation: "Meta.SendApi", reason: "throttled", status: 429 },
    ]);
  });

  it("does not retry a 500 that took effect, so the customer is not messaged twice", async () => {
    meta.userWrote(PSID);
    meta.faults.failNext("messages.send", { status: 500, phase: "after" });
    const { retries, retry } = traced();
    const error = await channel(retry)
      .send(text("messenger", PSID))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyFailedError);
    expect(meta.sent({ recipientId: PSID })).toHaveLength(1);
    expect(retries).toEqual([]);
  });
});

describe("Telegram sends through the vendor HTTP helper", () => {
  const USER_ID = 777000123;
  const channel = (retry: object) =>
    new TelegramSender({
      botToken: telegram.botToken,
      apiOrigin: telegram.url,
      retry,
    });

  it("waits the retry_after a 429 names in its body, then sends once", async () => {
    await telegram.customerSends({ userId: USER_ID, text: "/start" });
    telegram.faults.failNext("sendmessage", { status: 429, retryAfterSeconds: 2 });
    const { waits, retry } = traced();
    await channel(retry).send(text("telegram", String(USER_ID)));
    expect(telegram.sent({ chatId: USER_ID })).toHaveLength(1);
    expect(waits).toEqual([2_000]);
  });

  it("retries typing through a 502, which is harmless to repeat", async () => {
    await telegram.customerSends({ userId: USER_ID, text: "/start" });
    telegram.faults.failNext("sendchataction", { status: 502 });
    const { retries, retry } = traced();
    await channel(retry).showTyping({ channel: "telegram", handle: String(USER_ID) });
    expect(telegram.chatActions({ chatId: USER_ID })).toHaveLength(1);
    expect(retries).toMatchObject([{ reason: "server-error", status: 502 }]);
  });
});

describe("LINE sends through the vendor HTTP helper", () => {
  const USER_ID = `U${"4af4980629a0b7c1".repeat(2)}`;
  const channel = (retry: object) =>
    new LineSender({
      channelAccessToken: line.channelAccessToken,
      apiOrigin: line.url,
      retry,
    });
  const pushes = () => line.sent({ to: USER_ID }).filter((m) => m.kind === "push");

  it("retries a push whose 503 hid an accepted message: the retry key makes it one message", async () => {
    await line.customerSends({ userId: USER_ID, text: "hi" });
    line.faults.failNext("message.push", { status: 503, phase: "after" });
    const { retries, retry } = traced();
    await channel(retry).send(text("line", USER_ID));
    expect(pushes()).toHaveLength(1);
    const keys = line.requests
      .list()
      .filter((r) => r.path === "/v2/bot/message/push")
      .map((r) => r.headers["x-line-retry-key"]);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(retries).toMatchObject([
      { operation: "LINE.push", reason: "server-error", status: 503 },
    ]);
  });

  it("retries a push throttled once and delivers it once", async () => {
    await line.customerSends({ userId: USER_ID, text: "hi" });
    line.faults.failNext("message.push", { status: 429 });
    const { retries, retry } = traced();
    await channel(retry).send({ ...text("line", USER_ID), reference: "r2" });
    expect(pushes()).toHaveLength(1);
    expect(retries).toMatchObject([{ reason: "throttled", status: 429 }]);
  });
});

describe("Twilio and X sends through the vendor HTTP helper", () => {
  it("retries a Twilio send throttled once and delivers it once", async () => {
    twilio.faults.failNext("messages.create", { status: 429, retryAfterSeconds: 1 });
    const { waits, retry } = traced();
    const sms = new TwilioSender("sms", {
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      apiOrigin: twilio.url,
      from: "+15557654321",
      retry,
    });
    await sms.send(text("sms", "+15551234567"));
    expect(twilio.sent({ to: "+15551234567" })).toHaveLength(1);
    expect(waits).toEqual([1_000]);
  });

  it("retries an X DM throttled once, re-signing it, and delivers it once", async () => {
    const customer = "1460000000000000001";
    x.faults.failNext("dm.send", { status: 429, retryAfterSeconds: 1 });
    const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = x.credentials;
    const { waits, retry } = traced();
    const channel = new XDirectMessageSender({
      credentials: {
        appKey: consumerKey,
        appSecret: consumerSecret,
        accessToken,
        accessSecret: accessTokenSecret,
      },
      apiOrigin: x.url,
      httpsAgent: x.httpsAgent(),
      retry,
    });
    await channel.send(text("x", customer));
    expect(x.sent({ participantId: customer })).toHaveLength(1);
    expect(waits).toEqual([1_000]);
    const nonces = x.requests
      .list()
      .filter((r) => r.method === "POST")
      .map((r) => /oauth_nonce="([^"]+)"/.exec(String(r.headers.authorization))?.[1]);
    expect(nonces).toHaveLength(2);
    expect(nonces[1]).not.toBe(nonces[0]);
  });
});
