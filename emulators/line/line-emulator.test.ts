import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../shared-http/webhook-receiver.ts";
import { type LineEmulator, startLineEmulator } from "./index.ts";

const USER = `U${"4af4980629".padEnd(32, "0")}`;

/** LINE's documented check, written independently of the emulator's signer. */
function verifyLineSignature(
  channelSecret: string,
  rawBody: string,
  header: string | undefined,
): boolean {
  const expected = createHmac("sha256", channelSecret).update(rawBody).digest();
  const actual = Buffer.from(header ?? "", "base64");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

interface LineReply {
  message?: string;
  details?: { message: string; property: string }[];
  sentMessages?: { id: string; quoteToken: string }[];
}

let emulator: LineEmulator;
let receiver: WebhookReceiver;

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${emulator.url}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${emulator.channelAccessToken}`,
      "content-type": "application/json",
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    reply: (await response.json()) as LineReply,
  };
}

const text = (value: string) => ({ type: "text", text: value });

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startLineEmulator({
    webhookUrl: `${receiver.url}/line`,
    replyTokenTtlMs: 30_000,
  });
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});
beforeEach(async () => {
  emulator.reset();
  receiver.received.length = 0;
});

describe("LINE webhooks", () => {
  it("signs the events body with x-line-signature; a wrong secret or changed byte fails", async () => {
    const { webhookEventId, replyToken } = await emulator.customerSends({
      userId: USER,
      text: "予約を変更したい",
    });
    const [webhook] = receiver.received;
    const header = webhook?.headers["x-line-signature"] as string | undefined;
    expect(verifyLineSignature(emulator.channelSecret, webhook?.body ?? "", header)).toBe(true);
    expect(verifyLineSignature("wrong-secret", webhook?.body ?? "", header)).toBe(false);
    expect(verifyLineSignature(emulator.channelSecret, `${webhook?.body} `, header)).toBe(false);
    const payload = JSON.parse(webhook?.body ?? "{}");
    expect(payload.destination).toBe(emulator.botUserId);
    expect(payload.events[0]).toMatchObject({
      type: "message",
      mode: "active",
      replyToken,
      webhookEventId,
      deliveryContext: { isRedelivery: false },
      source: { type: "user", userId: USER },
      message: { type: "text", text: "予約を変更したい" },
    });
    expect(webhookEventId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it("redelivers an event with the same webhookEventId and isRedelivery true", async () => {
    const { webhookEventId } = await emulator.customerSends({ userId: USER, text: "hi" });
    await emulator.redeliver(webhookEventId);
    const again = JSON.parse(receiver.received[1]?.body ?? "{}").events[0];
    expect(again).toMatchObject({ webhookEventId, deliveryContext: { isRedelivery: true } });
    const header = receiver.received[1]?.headers["x-line-signature"] as string;
    expect(
      verifyLineSignature(emulator.channelSecret, receiver.received[1]?.body ?? "", header),
    ).toBe(true);
  });

  it("verifies the webhook with an empty events array", async () => {
    await emulator.verifyWebhook();
    expect(JSON.parse(receiver.received[0]?.body ?? "{}")).toEqual({
      destination: emulator.botUserId,
      events: [],
    });
  });
});

describe("LINE push and reply", () => {
  it("pushes to a user who wrote, with sentMessages and a request id", async () => {
    await emulator.customerSends({ userId: USER, text: "hi" });
    const { status, headers, reply } = await post("/v2/bot/message/push", {
      to: USER,
      messages: [text("Agent Ana here")],
    });
    expect(status).toBe(200);
    expect(reply.sentMessages).toHaveLength(1);
    expect(headers.get("x-line-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(emulator.sent()).toMatchObject([
      { kind: "push", to: USER, messages: [text("Agent Ana here")], delivered: true },
    ]);
  });

  it("replies once with a fresh reply token, and refuses a used or expired one", async () => {
    const first = await emulator.customerSends({ userId: USER, text: "hi" });
    expect(
      (
        await post("/v2/bot/message/reply", {
          replyToken: first.replyToken,
          messages: [text("ok")],
        })
      ).status,
    ).toBe(200);
    const reused = await post("/v2/bot/message/reply", {
      replyToken: first.replyToken,
      messages: [text("again")],
    });
    expect(reused).toMatchObject({ status: 400, reply: { message: "Invalid reply token" } });
    const second = await emulator.customerSends({ userId: USER, text: "hi" });
    emulator.clock.advance(30_001);
    const expired = await post("/v2/bot/message/reply", {
      replyToken: second.replyToken,
      messages: [text("late")],
    });
    expect(expired.reply.message).toBe("Invalid reply token");
    expect(emulator.sent().map((sent) => sent.kind)).toEqual(["reply"]);
  });

  it("makes a retried push with the same X-Line-Retry-Key answer 409 and send nothing more", async () => {
    await emulator.customerSends({ userId: USER, text: "hi" });
    const key = randomUUID();
    const first = await post(
      "/v2/bot/message/push",
      { to: USER, messages: [text("once")] },
      { "x-line-retry-key": key },
    );
    const retry = await post(
      "/v2/bot/message/push",
      { to: USER, messages: [text("once")] },
      { "x-line-retry-key": key },
    );
    expect(retry.status).toBe(409);
    expect(retry.reply.sentMessages).toEqual(first.reply.sentMessages);
    expect(retry.headers.get("x-line-accepted-request-id")).toBe(
      first.headers.get("x-line-request-id"),
    );
    expect(emulator.sent()).toHaveLength(1);
    const onReply = await post(
      "/v2/bot/message/reply",
      { replyToken: "x", messages: [text("x")] },
      { "x-line-retry-key": key },
    );
    expect(onReply.status).toBe(400);
  });

  it("keeps exactly one message when a 500 hides an accepted push and the retry reuses the key", async () => {
    await emulator.customerSends({ userId: USER, text: "hi" });
    emulator.faults.failNext("message.push", { status: 500, phase: "after" });
    const key = randomUUID();
    expect(
      (
        await post(
          "/v2/bot/message/push",
          { to: USER, messages: [text("x")] },
          { "x-line-retry-key": key },
        )
      ).status,
    ).toBe(500);
    expect(
      (
        await post(
          "/v2/bot/message/push",
          { to: USER, messages: [text("x")] },
          { "x-line-retry-key": key },
        )
      ).status,
    ).toBe(409);
    expect(emulator.sent()).toHaveLength(1);
  });

  it("answers LINE's auth and validation errors", async () => {
    const noAuth = await fetch(`${emulator.url}/v2/bot/message/push`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(noAuth.status).toBe(401);
    expect(((await noAuth.json()) as LineReply).message).toContain("Authorization header required");
    const badToken = await post(
      "/v2/bot/message/push",
      { to: USER, messages: [text("x")] },
      { authorization: "Bearer nope" },
    );
    expect(badToken.status).toBe(401);
    expect(badToken.reply.message).toContain("Authentication failed");
    const invalid = await post("/v2/bot/message/push", {
      messages: [text("x".repeat(5001)), ...Array(5).fill(text("y"))],
    });
    expect(invalid.reply).toEqual({
      message: "The request body has 2 error(s)",
      details: [
        { message: "must be specified", property: "to" },
        { message: "Size must be between 1 and 5", property: "messages" },
      ],
    });
    const tooLong = await post("/v2/bot/message/push", {
      to: USER,
      messages: [text("x".repeat(5001))],
    });
    expect(tooLong.reply.details).toEqual([
      { message: "Length must be between 0 and 5000", property: "messages[0].text" },
    ]);
    expect((await post("/v2/bot/message/push", "{not json")).reply.message).toBe(
      "The request body could not be parsed as JSON",
    );
    expect(
      (await post("/v2/bot/message/push", { to: USER, messages: [text("x")] })).reply.message,
    ).toBe("Failed to send messages");
    expect(emulator.sent()).toHaveLength(0);
  });

  it("still answers 200 to a push to a user who blocked the account, without delivering", async () => {
    await emulator.customerSends({ userId: USER, text: "hi" });
    emulator.blockAccount(USER);
    expect((await post("/v2/bot/message/push", { to: USER, messages: [text("x")] })).status).toBe(
      200,
    );
    expect(emulator.sent()[0]?.delivered).toBe(false);
  });
});
