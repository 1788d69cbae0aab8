import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelKind } from "../../core/channel.ts";
import { newSession, transition } from "../../core/session/deflection-session.ts";
import { startWebhookHarness, type WebhookHarness } from "./webhook-harness.ts";

const SECRETS = {
  twilio: "tw-token",
  meta: "meta-secret",
  x: "x-secret",
  telegram: "tg-secret",
  line: "line-secret",
};

let harness: WebhookHarness;

function fixture(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../events/${path}`, import.meta.url), "utf8"));
}

beforeAll(async () => {
  harness = await startWebhookHarness({
    TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000",
    TWILIO_AUTH_TOKEN: SECRETS.twilio,
    META_APP_SECRET: SECRETS.meta,
    META_VERIFY_TOKEN: "verify",
    META_PAGE_ACCESS_TOKEN: "page-token",
    X_CONSUMER_KEY: "ck",
    X_CONSUMER_SECRET: SECRETS.x,
    X_ACCESS_TOKEN: "at",
    X_ACCESS_SECRET: "as",
    TELEGRAM_BOT_TOKEN: "1:t",
    TELEGRAM_WEBHOOK_SECRET: SECRETS.telegram,
    LINE_CHANNEL_SECRET: SECRETS.line,
    LINE_CHANNEL_ACCESS_TOKEN: "lt",
  });
});
afterAll(() => harness.close());

/** Signs a recorded body the way each platform documents it, and posts it to the handler. */
async function post(channel: ChannelKind, body: string, params?: Record<string, string>) {
  const hmac = (algorithm: string, key: string) => createHmac(algorithm, key).update(body);
  const headers: Record<string, string> =
    {
      sms: {
        "x-twilio-signature": twilio.getExpectedTwilioSignature(
          SECRETS.twilio,
          harness.route(channel),
          params ?? {},
        ),
      },
      whatsapp: {
        "x-twilio-signature": twilio.getExpectedTwilioSignature(
          SECRETS.twilio,
          harness.route(channel),
          params ?? {},
        ),
      },
      messenger: { "x-hub-signature-256": `sha256=${hmac("sha256", SECRETS.meta).digest("hex")}` },
      x: { "x-twitter-webhooks-signature": `sha256=${hmac("sha256", SECRETS.x).digest("base64")}` },
      telegram: { "x-telegram-bot-api-secret-token": SECRETS.telegram },
      line: { "x-line-signature": hmac("sha256", SECRETS.line).digest("base64") },
    }[channel as string] ?? {};
  return harness.handler({
    rawPath: `/webhooks/${channel}`,
    rawQueryString: "",
    headers,
    requestContext: { http: { method: "POST" } },
    body,
    isBase64Encoded: false,
  });
}

async function inboxOf(pk: string) {
  return (await harness.inboxItems()).filter((item) => item.pk === pk);
}

async function sentSession(
  voiceContactId: string,
  channel: ChannelKind,
  handle: string,
  outboundMessageId: string,
) {
  const at = harness.clock.now();
  const address = { channel, handle };
  const accepted = newSession({
    voiceContactId,
    instanceId: "i",
    queueId: "q",
    channel,
    address,
    status: "accepted",
    at,
  });
  await harness.sessions.createSession(accepted);
  await harness.sessions.saveTransition(
    accepted,
    transition(accepted, { to: "message-sent", at, outboundMessageId }),
  );
}

describe("recorded platform events through the handler", () => {
  it("Twilio WhatsApp with media: text, profile name and media recorded", async () => {
    const params = fixture("twilio/inbound-whatsapp.json") as Record<string, string>;
    const result = await post("whatsapp", new URLSearchParams(params).toString(), params);
    expect(result.statusCode).toBe(200);
    const [item] = await inboxOf("INBOX#whatsapp#+5511987654321");
    expect(item).toMatchObject({ text: "Here is the photo of the bill", profileName: "Ana Souza" });
    expect(JSON.stringify(item?.media)).toContain("image/jpeg");
  });

  it("Twilio SMS 'Stop' opts the number out with the text as evidence", async () => {
    const params = fixture("twilio/inbound-sms-stop.json") as Record<string, string>;
    expect((await post("sms", new URLSearchParams(params).toString(), params)).statusCode).toBe(
      200,
    );
    expect(await harness.customers.consentHistory("+14155550123")).toMatchObject([
      { channel: "sms", status: "opted-out", source: "keyword:STOP", evidence: "Stop" },
    ]);
  });

  it("Twilio status callback with 63016 fails the session that sent that message", async () => {
    const params = fixture("twilio/status-callback-failed-63016.json") as Record<string, string>;
    await sentSession("voice-rec-63016", "whatsapp", "+5511987654321", String(params.MessageSid));
    expect(
      (await post("whatsapp", new URLSearchParams(params).toString(), params)).statusCode,
    ).toBe(200);
    expect(await harness.sessions.getSession("voice-rec-63016")).toMatchObject({
      status: "failed",
      failureReason: "delivery-failed:63016",
    });
  });

  it("Messenger batch: two customer messages recorded, the echo skipped, the delivery applied", async () => {
    await sentSession("voice-rec-meta", "messenger", "6543210987654321", "m_PageEcho1");
    const body = JSON.stringify(fixture("meta/page-messages-batch.json"));
    expect((await post("messenger", body)).statusCode).toBe(200);
    const items = await inboxOf("INBOX#messenger#6543210987654321");
    expect(items.map((item) => item.providerMessageId).sort()).toEqual([
      "m_AbCdEfGhIjKlMnOpQrStUv1",
      "m_AbCdEfGhIjKlMnOpQrStUv2",
    ]);
    expect((await harness.sessions.getSession("voice-rec-meta"))?.status).toBe("delivered");
  });

  it("X: the customer's DM recorded with their name, our own echo dropped", async () => {
    expect(
      (await post("x", JSON.stringify(fixture("x/direct-message-events.json")))).statusCode,
    ).toBe(200);
    expect(await inboxOf("INBOX#x#3001969357")).toMatchObject([
      { text: "Hello World!", profileName: "Jordan Brinks" },
    ]);
    expect(await inboxOf("INBOX#x#4337869213")).toEqual([]);
  });

  it("Telegram: a private message recorded under the chat id", async () => {
    const body = JSON.stringify(fixture("telegram/update-private-message.json"));
    expect((await post("telegram", body)).statusCode).toBe(200);
    expect(await inboxOf("INBOX#telegram#111222333")).toMatchObject([
      { providerMessageId: "918273645", text: "Guten Tag, ich warte auf Rückruf" },
    ]);
  });

  it("LINE: the text message recorded, the follow event skipped", async () => {
    const body = JSON.stringify(fixture("line/message-text.json"));
    expect((await post("line", body)).statusCode).toBe(200);
    expect(await inboxOf("INBOX#line#U4af4980629a0b7c1d3e5f7a9b1c3d5e7")).toMatchObject([
      { providerMessageId: "468789577898262530", text: "こんにちは、続きをお願いします" },
    ]);
  });

  it("an API Gateway HTTP API event with a base64 body is decoded before the signature check", async () => {
    const envelope = fixture("apigateway/http-api-v2-post.json");
    const body = JSON.stringify({ object: "page", entry: [] });
    const signature = `sha256=${createHmac("sha256", SECRETS.meta).update(body).digest("hex")}`;
    const headers = {
      ...(envelope.headers as Record<string, string>),
      "x-hub-signature-256": signature,
    };
    const result = await harness.handler({
      ...envelope,
      headers,
      body: Buffer.from(body).toString("base64"),
    });
    expect(result).toMatchObject({ statusCode: 200, body: "EVENT_RECEIVED" });
  });
});
