import twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../shared-http/webhook-receiver.ts";
import { startTwilioEmulator, type TwilioEmulator } from "./index.ts";

const WA_NUMBER = "whatsapp:+15557654321";
const WA_CUSTOMER = "whatsapp:+15551234567";
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

let emulator: TwilioEmulator;
let receiver: WebhookReceiver;

const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;
const accountAuth = () => ({ authorization: basic(emulator.accountSid, emulator.authToken) });

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startTwilioEmulator({
    webhookUrl: `${receiver.url}/twilio/whatsapp`,
    apiKeys: { SK00000000000000000000000000000001: "key-secret" },
  });
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});
beforeEach(() => {
  emulator.reset();
  receiver.received.length = 0;
});

/** The customer sends a photo; answers the webhook's parameters. */
async function sendPhoto() {
  const { messageSid } = await emulator.customerSends({
    from: WA_CUSTOMER,
    to: WA_NUMBER,
    media: [{ contentType: "image/jpeg", content: PHOTO }],
  });
  const webhook = receiver.received.at(-1);
  const params = Object.fromEntries(new URLSearchParams(webhook?.body ?? ""));
  return { messageSid, params, signature: String(webhook?.headers["x-twilio-signature"]) };
}

describe("Twilio emulator media for inbound messages", () => {
  it("names a sent file by a signed MediaUrl under the message", async () => {
    const { messageSid, params, signature } = await sendPhoto();
    expect(messageSid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(params).toMatchObject({ NumMedia: "1", MediaContentType0: "image/jpeg" });
    expect(params.MediaUrl0).toMatch(
      new RegExp(
        `^${emulator.url}/2010-04-01/Accounts/${emulator.accountSid}/Messages/${messageSid}/Media/ME[0-9a-f]{32}$`,
      ),
    );
    const url = `${receiver.url}/twilio/whatsapp`;
    expect(twilio.validateRequest(emulator.authToken, signature, url, params)).toBe(true);
  });

  it("serves the bytes to Basic auth with the account or an API key, through a redirect", async () => {
    const { params } = await sendPhoto();
    const first = await fetch(params.MediaUrl0 ?? "", {
      headers: accountAuth(),
      redirect: "manual",
    });
    expect(first.status).toBe(307);
    for (const authorization of [
      accountAuth().authorization,
      basic("SK00000000000000000000000000000001", "key-secret"),
    ]) {
      const response = await fetch(params.MediaUrl0 ?? "", { headers: { authorization } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/jpeg");
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(PHOTO);
    }
  });

  it("refuses a request without the account's credentials", async () => {
    const { params } = await sendPhoto();
    const anonymous = await fetch(params.MediaUrl0 ?? "");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic/);
    const wrong = await fetch(params.MediaUrl0 ?? "", {
      headers: { authorization: basic(emulator.accountSid, "wrong") },
    });
    expect(wrong.status).toBe(401);
  });

  it("answers 404 for an unknown Media SID, another message's path, and after a reset", async () => {
    const { params } = await sendPhoto();
    const url = params.MediaUrl0 ?? "";
    const unknown = url.replace(/ME[0-9a-f]{32}$/, `ME${"0".repeat(32)}`);
    const otherMessage = url.replace(/Messages\/MM[0-9a-f]{32}/, `Messages/MM${"1".repeat(32)}`);
    for (const target of [unknown, otherMessage]) {
      expect((await fetch(target, { headers: accountAuth() })).status).toBe(404);
    }
    emulator.reset();
    expect((await fetch(url, { headers: accountAuth() })).status).toBe(404);
  });

  it("takes files as base64 over the HTTP inspection route", async () => {
    const response = await fetch(`${emulator.url}/__emulator/customer-sends`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        from: WA_CUSTOMER,
        to: WA_NUMBER,
        media: [
          { contentType: "application/pdf", content: Buffer.from("%PDF").toString("base64") },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const params = Object.fromEntries(new URLSearchParams(receiver.received.at(-1)?.body ?? ""));
    const media = await fetch(params.MediaUrl0 ?? "", { headers: accountAuth() });
    expect(await media.text()).toBe("%PDF");
  });

  it("fails media fetches on demand, as Twilio renders an outage", async () => {
    const { params } = await sendPhoto();
    emulator.faults.failNext("media.fetch", { status: 503 });
    const failed = await fetch(params.MediaUrl0 ?? "", { headers: accountAuth() });
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ code: 20500 });
    expect((await fetch(params.MediaUrl0 ?? "", { headers: accountAuth() })).status).toBe(200);
  });
});
