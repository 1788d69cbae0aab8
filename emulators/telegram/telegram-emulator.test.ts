import { timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../shared-http/webhook-receiver.ts";
import { startTelegramEmulator, type TelegramEmulator } from "./index.ts";

const USER = 428_731_902;
const SECRET = "s3cret_Token-for-tests";

interface BotApiReply {
  ok: boolean;
  result?: Record<string, unknown> | boolean;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/** The bot's documented check: the header equals the secret_token it registered. */
function secretMatches(expected: string, header: string | string[] | undefined): boolean {
  const actual = Buffer.from(typeof header === "string" ? header : "");
  const wanted = Buffer.from(expected);
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}

let emulator: TelegramEmulator;
let receiver: WebhookReceiver;

async function call(method: string, params: Record<string, unknown>, token = emulator.botToken) {
  const response = await fetch(`${emulator.url}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return { status: response.status, reply: (await response.json()) as BotApiReply };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startTelegramEmulator();
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});
beforeEach(async () => {
  emulator.reset();
  receiver.received.length = 0;
  await call("setWebhook", { url: `${receiver.url}/telegram`, secret_token: SECRET });
});

describe("Telegram webhooks", () => {
  it("registers the webhook through setWebhook and reports it in getWebhookInfo", async () => {
    const info = await call("getWebhookInfo", {});
    expect(info.reply).toMatchObject({
      ok: true,
      result: { url: `${receiver.url}/telegram`, pending_update_count: 0 },
    });
    expect(emulator.webhook()?.secretToken).toBe(SECRET);
  });

  it("delivers an Update with the secret-token header; another secret does not match", async () => {
    const { updateId } = await emulator.customerSends({
      userId: USER,
      text: "/start deflect",
      firstName: "Ana",
    });
    const [webhook] = receiver.received;
    const header = webhook?.headers["x-telegram-bot-api-secret-token"];
    expect(secretMatches(SECRET, header)).toBe(true);
    expect(secretMatches("other-secret", header)).toBe(false);
    const update = JSON.parse(webhook?.body ?? "{}");
    expect(update).toMatchObject({
      update_id: updateId,
      message: {
        from: { id: USER, is_bot: false, first_name: "Ana" },
        chat: { id: USER, type: "private" },
        text: "/start deflect",
        entities: [{ offset: 0, length: 6, type: "bot_command" }],
      },
    });
    expect(typeof update.message.date).toBe("number");
  });

  it("numbers updates in sequence, and a replay repeats the same update_id", async () => {
    const first = await emulator.customerSends({ userId: USER, text: "one" });
    const second = await emulator.customerSends({ userId: USER, text: "two" });
    expect(second.updateId).toBe(first.updateId + 1);
    await emulator.webhooks.replay(first.delivery.id);
    expect(JSON.parse(receiver.received[2]?.body ?? "{}").update_id).toBe(first.updateId);
  });

  it("refuses a plain-HTTP webhook off loopback and a secret with bad characters", async () => {
    const http = await call("setWebhook", { url: "http://example.com/hook" });
    expect(http.reply).toMatchObject({ ok: false, error_code: 400 });
    const badSecret = await call("setWebhook", {
      url: `${receiver.url}/t`,
      secret_token: "has space",
    });
    expect(badSecret.status).toBe(400);
  });
});

describe("Telegram sendMessage", () => {
  it("sends to a user who wrote first, and records the message", async () => {
    await emulator.customerSends({ userId: USER, text: "hi" });
    const { status, reply } = await call("sendMessage", {
      chat_id: USER,
      text: "An agent is on the way",
      parse_mode: "HTML",
    });
    expect(status).toBe(200);
    expect(reply.ok).toBe(true);
    expect(reply.result).toMatchObject({
      chat: { id: USER, type: "private" },
      from: { id: emulator.botId, is_bot: true },
      text: "An agent is on the way",
    });
    expect(emulator.sent({ chatId: USER }).map((message) => message.params.text)).toEqual([
      "An agent is on the way",
    ]);
  });

  it("answers sendChatAction typing with True and records it, not as a message", async () => {
    await emulator.customerSends({ userId: USER, text: "hi" });
    const { status, reply } = await call("sendChatAction", { chat_id: USER, action: "typing" });
    expect({ status, reply }).toEqual({ status: 200, reply: { ok: true, result: true } });
    expect(emulator.chatActions({ chatId: USER })).toEqual([
      { chatId: USER, action: "typing", at: expect.any(Number) },
    ]);
    expect(emulator.sent()).toHaveLength(0);
  });

  it("refuses a chat action that is unknown, or for a user who never wrote or blocked the bot", async () => {
    const stranger = await call("sendChatAction", { chat_id: USER, action: "typing" });
    await emulator.customerSends({ userId: USER, text: "hi" });
    const unknown = await call("sendChatAction", { chat_id: USER, action: "typing_on" });
    const missing = await call("sendChatAction", { action: "typing" });
    emulator.blockBot(USER);
    const blocked = await call("sendChatAction", { chat_id: USER, action: "typing" });
    expect([stranger, unknown, missing, blocked].map((r) => r.status)).toEqual([
      403, 400, 400, 403,
    ]);
    expect(blocked.reply.description).toBe("Forbidden: bot was blocked by the user");
    expect(emulator.chatActions()).toHaveLength(0);
  });

  it("accepts form bodies, GET query strings and any method-name case", async () => {
    await emulator.customerSends({ userId: USER, text: "hi" });
    const form = await fetch(`${emulator.url}/bot${emulator.botToken}/SendMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ chat_id: String(USER), text: "form" }).toString(),
    });
    expect(form.status).toBe(200);
    const get = await fetch(
      `${emulator.url}/bot${emulator.botToken}/sendmessage?chat_id=${USER}&text=query`,
    );
    expect(((await get.json()) as BotApiReply).ok).toBe(true);
    expect(emulator.sent().map((message) => message.params.text)).toEqual(["form", "query"]);
  });

  it("answers the Bot API's errors for bad calls", async () => {
    expect((await call("sendMessage", { chat_id: USER, text: "cold" })).reply).toEqual({
      ok: false,
      error_code: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    });
    await emulator.customerSends({ userId: USER, text: "hi" });
    expect((await call("sendMessage", { text: "x" })).reply.description).toBe(
      "Bad Request: chat_id is empty",
    );
    expect((await call("sendMessage", { chat_id: USER, text: "" })).reply.description).toBe(
      "Bad Request: message text is empty",
    );
    expect(
      (await call("sendMessage", { chat_id: USER, text: "x".repeat(4097) })).reply.description,
    ).toBe("Bad Request: message is too long");
    expect((await call("sendMessage", { chat_id: "@nobody", text: "x" })).reply.description).toBe(
      "Bad Request: chat not found",
    );
    emulator.blockBot(USER);
    expect((await call("sendMessage", { chat_id: USER, text: "x" })).reply).toMatchObject({
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    expect(emulator.sent()).toHaveLength(0);
  });

  it("answers 401 for a wrong token and 404 for unknown paths and methods", async () => {
    const wrong = await call("getMe", {}, "123:wrong");
    expect(wrong).toEqual({
      status: 401,
      reply: { ok: false, error_code: 401, description: "Unauthorized" },
    });
    expect((await fetch(`${emulator.url}/nobot/getMe`)).status).toBe(404);
    expect((await call("launchRocket", {})).reply).toMatchObject({ ok: false, error_code: 404 });
    expect((await call("getMe", {})).reply.result).toMatchObject({
      id: emulator.botId,
      is_bot: true,
    });
  });

  it("injects flood control as 429 with retry_after", async () => {
    await emulator.customerSends({ userId: USER, text: "hi" });
    emulator.faults.failNext("sendmessage", { status: 429, retryAfterSeconds: 7 });
    const { status, reply } = await call("sendMessage", { chat_id: USER, text: "x" });
    expect(status).toBe(429);
    expect(reply).toMatchObject({
      description: "Too Many Requests: retry after 7",
      parameters: { retry_after: 7 },
    });
    expect((await call("sendMessage", { chat_id: USER, text: "x" })).status).toBe(200);
  });
});
