import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DAY_MS } from "../shared-http/clock.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../shared-http/webhook-receiver.ts";
import { type MetaEmulator, startMetaEmulator } from "./index.ts";

const PSID = "24837461928374651";

/** Meta's documented check, written independently of the emulator's signer. */
function verifyHubSignature(
  appSecret: string,
  rawBody: Buffer,
  header: string | undefined,
): boolean {
  const expected = Buffer.from(
    `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`,
  );
  const actual = Buffer.from(header ?? "");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let emulator: MetaEmulator;
let receiver: WebhookReceiver;

interface GraphReply {
  recipient_id?: string;
  message_id?: string;
  error?: { code: number; error_subcode?: number; type?: string; is_transient?: boolean };
}

async function send(body: unknown, token = emulator.pageAccessToken) {
  const response = await fetch(
    `${emulator.url}/v21.0/me/messages?access_token=${encodeURIComponent(token)}`,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    },
  );
  return { status: response.status, json: (await response.json()) as GraphReply };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startMetaEmulator({ webhookUrl: `${receiver.url}/meta`, deliveryEvents: false });
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});
beforeEach(async () => {
  emulator.reset();
  receiver.received.length = 0;
  receiver.answerWith(() => ({ status: 200, body: "EVENT_RECEIVED" }));
});

describe("Meta webhooks", () => {
  it("signs the raw body with X-Hub-Signature-256, and a changed byte or wrong secret fails", async () => {
    await emulator.customerSends({ psid: PSID, text: "Olá, já paguei / obrigado" });
    const [webhook] = receiver.received;
    const raw = Buffer.from(webhook?.body ?? "", "utf8");
    const header = webhook?.headers["x-hub-signature-256"] as string | undefined;
    expect(verifyHubSignature(emulator.appSecret, raw, header)).toBe(true);
    expect(verifyHubSignature("wrong-secret", raw, header)).toBe(false);
    const changed = Buffer.from(raw);
    changed[changed.length - 3] = (changed[changed.length - 3] ?? 0) ^ 1;
    expect(verifyHubSignature(emulator.appSecret, changed, header)).toBe(false);
    // Non-ASCII arrives escaped; re-serialising the parsed JSON gives other bytes.
    expect(webhook?.body).toContain("Ol\\u00e1");
    expect(
      verifyHubSignature(
        emulator.appSecret,
        Buffer.from(JSON.stringify(JSON.parse(raw.toString()))),
        header,
      ),
    ).toBe(false);
  });

  it("delivers the page/entry/messaging shape, batching several events", async () => {
    const { mids } = await emulator.customerSendsBatch(
      [
        { psid: PSID, text: "one" },
        { psid: PSID, text: "two" },
        { psid: "999", text: "three" },
      ],
      { perEntry: 2 },
    );
    const payload = JSON.parse(receiver.received[0]?.body ?? "{}");
    expect(payload.object).toBe("page");
    expect(payload.entry).toHaveLength(2);
    expect(payload.entry[0].id).toBe(emulator.pageId);
    expect(payload.entry[0].messaging).toHaveLength(2);
    expect(payload.entry[1].messaging[0]).toMatchObject({
      sender: { id: "999" },
      recipient: { id: emulator.pageId },
      message: { mid: mids[2], text: "three" },
    });
  });

  it("runs the verification GET and reports whether the challenge came back", async () => {
    receiver.answerWith((webhook) => {
      const query = new URL(webhook.path, "http://x").searchParams;
      const good =
        query.get("hub.mode") === "subscribe" &&
        query.get("hub.verify_token") === emulator.verifyToken;
      return good ? { status: 200, body: query.get("hub.challenge") ?? "" } : { status: 403 };
    });
    expect((await emulator.verifySubscription()).ok).toBe(true);
    expect((await emulator.verifySubscription({ verifyToken: "nope" })).ok).toBe(false);
  });
});

describe("Meta Send API", () => {
  it("accepts a RESPONSE inside the 24-hour window and records it", async () => {
    await emulator.customerSends({ psid: PSID, text: "hi" });
    const result = await send({
      recipient: { id: PSID },
      messaging_type: "RESPONSE",
      message: { text: "Hello!" },
    });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({
      recipient_id: PSID,
      message_id: expect.stringMatching(/^m_/),
    });
    expect(emulator.sent()).toMatchObject([
      { recipientId: PSID, messagingType: "RESPONSE", message: { text: "Hello!" } },
    ]);
  });

  it("refuses a send outside 24 hours without a tag with code 10 / 2018278", async () => {
    emulator.userWrote(PSID, emulator.clock.now() - DAY_MS - 1000);
    const result = await send({
      recipient: { id: PSID },
      messaging_type: "RESPONSE",
      message: { text: "late" },
    });
    expect(result.status).toBe(400);
    expect(result.json.error).toMatchObject({
      code: 10,
      error_subcode: 2018278,
      type: "OAuthException",
    });
    expect(emulator.sent()).toHaveLength(0);
  });

  it("allows HUMAN_AGENT up to 7 days, and refuses it after", async () => {
    emulator.userWrote(PSID, emulator.clock.now() - 3 * DAY_MS);
    const tagged = {
      recipient: { id: PSID },
      messaging_type: "MESSAGE_TAG",
      tag: "HUMAN_AGENT",
      message: { text: "Agent here" },
    };
    expect((await send(tagged)).status).toBe(200);
    emulator.clock.advance(4 * DAY_MS + 1);
    const late = await send(tagged);
    expect(late.json.error).toMatchObject({ code: 10, error_subcode: 2018278 });
  });

  it("accepts typing_on alone, answers without a message id and records the action", async () => {
    await emulator.customerSends({ psid: PSID, text: "hi" });
    const result = await send({ recipient: { id: PSID }, sender_action: "typing_on" });
    expect(result).toEqual({ status: 200, json: { recipient_id: PSID } });
    expect(emulator.sent()).toMatchObject([
      { recipientId: PSID, messageId: null, message: null, senderAction: "typing_on" },
    ]);
  });

  it("refuses an unknown sender action and one sent together with a message", async () => {
    await emulator.customerSends({ psid: PSID, text: "hi" });
    const unknown = await send({ recipient: { id: PSID }, sender_action: "typing" });
    const both = await send({
      recipient: { id: PSID },
      sender_action: "typing_on",
      message: { text: "Hello!" },
    });
    expect([unknown.status, both.status]).toEqual([400, 400]);
    expect([unknown.json.error?.code, both.json.error?.code]).toEqual([100, 100]);
    expect(emulator.sent()).toHaveLength(0);
  });

  it("answers bad tokens and unknown users with Graph error objects", async () => {
    emulator.userWrote(PSID);
    const bad = await send({ recipient: { id: PSID }, message: { text: "x" } }, "EAAwrong");
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({
      code: 190,
      type: "OAuthException",
      fbtrace_id: expect.any(String),
    });
    const none = await fetch(`${emulator.url}/v21.0/me/messages`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(((await none.json()) as { error: { code: number } }).error.code).toBe(104);
    const unknown = await send({
      recipient: { id: "123" },
      messaging_type: "RESPONSE",
      message: { text: "x" },
    });
    expect(unknown.json.error).toMatchObject({ code: 100, error_subcode: 2018001 });
    const noRecipient = await send({ message: { text: "x" } });
    expect(noRecipient.json.error?.code).toBe(100);
  });

  it("accepts a Bearer token and form-encoded fields holding JSON", async () => {
    emulator.userWrote(PSID);
    const form = new URLSearchParams({
      recipient: JSON.stringify({ id: PSID }),
      messaging_type: "RESPONSE",
      message: JSON.stringify({ text: "form" }),
    });
    const response = await fetch(`${emulator.url}/v21.0/${emulator.pageId}/messages`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${emulator.pageAccessToken}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: form.toString(),
    });
    expect(response.status).toBe(200);
    expect(emulator.sent()[0]?.message).toEqual({ text: "form" });
  });

  it("sends signed delivery events after a send when enabled", async () => {
    const withEvents = await startMetaEmulator({
      webhookUrl: `${receiver.url}/meta`,
      readEvents: true,
    });
    try {
      withEvents.userWrote(PSID);
      const response = await fetch(
        `${withEvents.url}/v21.0/me/messages?access_token=${withEvents.pageAccessToken}`,
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            recipient: { id: PSID },
            messaging_type: "RESPONSE",
            message: { text: "x" },
          }),
        },
      );
      const { message_id } = (await response.json()) as { message_id: string };
      await withEvents.idle();
      const events = receiver.received.map(
        (webhook) => JSON.parse(webhook.body).entry[0].messaging[0],
      );
      expect(events[0]).toMatchObject({ sender: { id: PSID }, delivery: { mids: [message_id] } });
      expect(events[1]).toHaveProperty("read.watermark");
      const raw = Buffer.from(receiver.received[0]?.body ?? "");
      expect(
        verifyHubSignature(
          withEvents.appSecret,
          raw,
          receiver.received[0]?.headers["x-hub-signature-256"] as string,
        ),
      ).toBe(true);
    } finally {
      await withEvents.close();
    }
  });

  it("injects a transient 500 in Graph's error shape", async () => {
    emulator.userWrote(PSID);
    emulator.faults.failNext("messages.send", { status: 500 });
    const result = await send({
      recipient: { id: PSID },
      messaging_type: "RESPONSE",
      message: { text: "x" },
    });
    expect(result.status).toBe(500);
    expect(result.json.error).toMatchObject({ code: 2, is_transient: true });
    expect(emulator.sent()).toHaveLength(0);
  });
});
