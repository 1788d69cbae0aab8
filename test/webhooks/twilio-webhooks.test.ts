import { createHmac } from "node:crypto";
import twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TwilioSender } from "../../adapters/twilio/send.ts";
import { KEYWORD_REPLIES } from "../../core/inbound/apply-keyword.ts";
import { newSession, transition } from "../../core/session/deflection-session.ts";
import {
  signTwilioRequest,
  startTwilioEmulator,
  type TwilioEmulator,
} from "../../emulators/twilio/index.ts";
import { twiml } from "../../functions/webhooks/acknowledgement.ts";
import {
  flipOneByte,
  resend,
  startWebhookHarness,
  type WebhookHarness,
} from "./webhook-harness.ts";

const OUR_NUMBER = "+15557654321";
const CUSTOMER = "+15551234567";
const TOKEN = "twilio-auth-token-for-tests";

let emulator: TwilioEmulator;
let harness: WebhookHarness;

beforeAll(async () => {
  emulator = await startTwilioEmulator({ authToken: TOKEN, windowErrorMode: "async" });
  harness = await startWebhookHarness({
    TWILIO_ACCOUNT_SID: emulator.accountSid,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_SMS_FROM: OUR_NUMBER,
    TWILIO_WHATSAPP_FROM: `whatsapp:${OUR_NUMBER}`,
    TWILIO_API_ORIGIN: emulator.url,
  });
});
afterAll(async () => {
  await emulator.close();
  await harness.close();
});
beforeEach(async () => {
  await emulator.idle();
  emulator.reset();
});

async function customerSends(channel: "sms" | "whatsapp", text: string) {
  emulator.setWebhookUrl(harness.route(channel));
  const prefix = channel === "whatsapp" ? "whatsapp:" : "";
  return emulator.customerSends({
    from: `${prefix}${CUSTOMER}`,
    to: `${prefix}${OUR_NUMBER}`,
    text,
  });
}

describe("Twilio inbound webhooks through functions/webhooks", () => {
  it("accepts a signed WhatsApp message, records it, and answers empty TwiML", async () => {
    const { messageSid, delivery } = await customerSends("whatsapp", "Yes, café at 5? 👍");
    expect(delivery.status).toBe(200);
    expect(delivery.responseBody).toBe(twiml([]));
    expect(delivery.headers["x-twilio-signature"]).toBeTruthy();
    // The delivery is valid by the official validator too, not only by ours.
    const params = Object.fromEntries(new URLSearchParams(delivery.body));
    const signature = String(delivery.headers["x-twilio-signature"]);
    expect(twilio.validateRequest(TOKEN, signature, delivery.url, params)).toBe(true);
    const inbox = await harness.inboxItems();
    expect(inbox.find((item) => item.providerMessageId === messageSid)).toMatchObject({
      pk: `INBOX#whatsapp#${CUSTOMER}`,
      text: "Yes, café at 5? 👍",
      state: "pending",
    });
  });

  it("refuses a changed byte, a wrong token, a missing header; a replay changes nothing", async () => {
    const { delivery } = await customerSends("sms", "I would like to talk about my bill");
    expect(delivery.status).toBe(200);
    const before = await harness.itemCount();
    const params = Object.fromEntries(new URLSearchParams(delivery.body));
    const wrongToken = signTwilioRequest("not-the-token", delivery.url, params);
    const outcomes = [
      await resend(delivery, { body: flipOneByte(delivery.body) }),
      await resend(delivery, { headers: { "x-twilio-signature": wrongToken } }),
      await resend(delivery, { headers: { "x-twilio-signature": undefined } }),
    ];
    expect(outcomes.map((o) => o.status)).toEqual([403, 403, 401]);
    for (const outcome of outcomes)
      expect(JSON.parse(outcome.body)).toMatchObject({ error: { code: "SIGNATURE_INVALID" } });
    const replay = await emulator.webhooks.replay(delivery.id);
    expect(replay.status).toBe(200);
    expect(await harness.itemCount()).toBe(before);
  });

  it("checks the signature against the configured public URL, not the Host header", async () => {
    const { delivery } = await customerSends("sms", "hello");
    const spoofed = await resend(delivery, { headers: { host: "attacker.example" } });
    expect(spoofed.status).toBe(200);
    // Signed for another URL (what a proxy that rewrote the path would present): refused.
    const params = Object.fromEntries(new URLSearchParams(delivery.body));
    const other = signTwilioRequest(TOKEN, `${harness.bridge.url}/other`, params);
    const refused = await resend(delivery, { headers: { "x-twilio-signature": other } });
    expect(refused.status).toBe(403);
  });

  it("accepts the JSON-body variant and refuses it when the body no longer matches bodySHA256", async () => {
    emulator.setWebhookUrl(harness.route("sms"));
    const sid = `SM${"0123456789abcdef".repeat(2)}`;
    const body = { MessageSid: sid, From: CUSTOMER, To: OUR_NUMBER, Body: "json hello" };
    const delivery = await emulator.sendJsonWebhook({ body });
    expect(delivery.status).toBe(200);
    expect(new URL(delivery.url).searchParams.get("bodySHA256")).toMatch(/^[0-9a-f]{64}$/);
    const changed = await resend(delivery, {
      body: delivery.body.replace("json hello", "json hellO"),
    });
    expect(changed.status).toBe(403);
    const inbox = await harness.inboxItems();
    expect(inbox.filter((item) => item.providerMessageId === sid)).toHaveLength(1);
  });

  it("applies SMS STOP and START to consent with an audit record; Twilio itself answers", async () => {
    const stop = await customerSends("sms", " stop ");
    expect(stop.delivery.responseBody).toBe(twiml([]));
    await customerSends("sms", "START");
    const profile = await harness.customers.getCustomer(CUSTOMER);
    expect(profile?.consent.sms).toBe("opted-in");
    const history = await harness.customers.consentHistory(CUSTOMER);
    expect(history.slice(-2)).toMatchObject([
      { channel: "sms", status: "opted-out", source: "keyword:STOP", evidence: " stop " },
      { channel: "sms", status: "opted-in", source: "keyword:START", evidence: "START" },
    ]);
    const inbox = await harness.inboxItems();
    expect(inbox.some((item) => item.providerMessageId === stop.messageSid)).toBe(false);
  });

  it("confirms a WhatsApp STOP in TwiML, which Twilio sends back to the customer", async () => {
    const { delivery } = await customerSends("whatsapp", "STOP");
    expect(delivery.responseBody).toContain("<Message>You are unsubscribed");
    const reply = emulator.sent({ to: `whatsapp:${CUSTOMER}` }).at(-1);
    expect(reply).toMatchObject({ direction: "outbound-reply" });
    expect(reply?.body).toMatch(/^You are unsubscribed/);
    expect((await harness.customers.getCustomer(CUSTOMER))?.consent.whatsapp).toBe("opted-out");
  });

  it("answers WhatsApp HELP with the help text and leaves consent and the inbox alone", async () => {
    const before = await harness.customers.consentHistory(CUSTOMER);
    const { messageSid, delivery } = await customerSends("whatsapp", "help");
    expect(delivery.responseBody).toBe(twiml([KEYWORD_REPLIES.help]));
    expect(await harness.customers.consentHistory(CUSTOMER)).toEqual(before);
    const inbox = await harness.inboxItems();
    expect(inbox.some((item) => item.providerMessageId === messageSid)).toBe(false);
  });

  it("writes TwiML exactly as twilio's MessagingResponse does", () => {
    const response = new twilio.twiml.MessagingResponse();
    response.message("Tom & Jerry's <reply>");
    expect(twiml(["Tom & Jerry's <reply>"])).toBe(response.toString());
    expect(twiml([])).toBe(new twilio.twiml.MessagingResponse().toString());
  });
});

describe("Twilio status callbacks onto the deflection session", () => {
  async function sessionAfterSend(
    voiceContactId: string,
    send: (channel: TwilioSender) => Promise<string>,
  ) {
    const channel = new TwilioSender("whatsapp", {
      accountSid: emulator.accountSid,
      authToken: TOKEN,
      apiOrigin: emulator.url,
      from: `whatsapp:${OUR_NUMBER}`,
      statusCallbackUrl: harness.route("whatsapp"),
    });
    const address = { channel: "whatsapp", handle: CUSTOMER } as const;
    const at = harness.clock.now();
    const accepted = newSession({
      voiceContactId,
      instanceId: "i",
      queueId: "q",
      channel: "whatsapp",
      address,
      status: "accepted",
      at,
    });
    await harness.sessions.createSession(accepted);
    const sid = await send(channel);
    await harness.sessions.saveTransition(
      accepted,
      transition(accepted, { to: "message-sent", at, outboundMessageId: sid }),
    );
    await emulator.idle();
    return harness.sessions.getSession(voiceContactId);
  }

  it("moves the session to delivered when the template's callback says delivered", async () => {
    emulator.registerTemplate(`HX${"b".repeat(32)}`, "Hi {{1}}");
    const session = await sessionAfterSend("voice-delivered", async (channel) => {
      const sent = await channel.send({
        kind: "template",
        to: { channel: "whatsapp", handle: CUSTOMER },
        templateId: `HX${"b".repeat(32)}`,
        variables: { "1": "Ana" },
        reference: "s1",
      });
      return sent.providerMessageId;
    });
    expect(session?.status).toBe("delivered");
    const counts = await harness.funnel.counts(session?.queueId ?? "");
    expect(counts.filter((c) => c.stage === "delivered").map((c) => c.count)).toEqual([1]);
    const callbacks = emulator.webhooks.list({ kind: "status-callback" });
    expect(callbacks.every((callback) => callback.status === 200)).toBe(true);
  });

  it("fails the session with 63016 when free text went out of the window (async path)", async () => {
    const session = await sessionAfterSend("voice-63016", async (channel) => {
      const sent = await channel.send({
        kind: "text",
        to: { channel: "whatsapp", handle: CUSTOMER },
        text: "late",
        reference: "s2",
      });
      return sent.providerMessageId;
    });
    expect(session).toMatchObject({ status: "failed", failureReason: "delivery-failed:63016" });
  });
});

describe("the form signature algorithm, written out independently", () => {
  it("agrees with the protocols.md reference vector that our verifier accepts", async () => {
    const params = {
      MessageSid: "SM1",
      From: "whatsapp:+15551234567",
      To: "whatsapp:+15557654321",
      Body: "yes",
      NumMedia: "0",
    };
    const data = `https://example.com/twilio/sms${Object.keys(params)
      .sort()
      .map((k) => k + params[k as keyof typeof params])
      .join("")}`;
    expect(createHmac("sha1", "12345").update(data).digest("base64")).toBe(
      "nBKF0ivnav2GZgUbZcqYTAtv+8o=",
    );
  });
});
