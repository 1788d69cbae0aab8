import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { signTwilioRequest, startTwilioEmulator } from "./index.ts";
import { createLocalTwilioClient } from "./local-client.ts";
import { useTwilioEmulator } from "./test-support/twilio-under-test.ts";

const SMS_NUMBER = "+15557654321";
const WA_NUMBER = "whatsapp:+15557654321";
const CUSTOMER = "+15551234567";
const WA_CUSTOMER = "whatsapp:+15551234567";

const { emulator, receiver, client } = useTwilioEmulator({
  start: (receiverUrl) =>
    startTwilioEmulator({ webhookUrl: `${receiverUrl}/twilio/sms?tenant=a b` }),
  beforeEachTest: (_, webhooks) =>
    webhooks.answerWith(() => ({ status: 200, body: "<Response/>", contentType: "text/xml" })),
});

const formParams = (body: string) => Object.fromEntries(new URLSearchParams(body));
const signatureOf = (index: number) =>
  String(receiver().received[index]?.headers["x-twilio-signature"]);

describe("Twilio signing, checked with the official validator", () => {
  it("matches the reference vector from protocols.md §5.3", () => {
    const params = {
      MessageSid: "SM1",
      From: "whatsapp:+15551234567",
      To: "whatsapp:+15557654321",
      Body: "yes",
      NumMedia: "0",
    };
    expect(signTwilioRequest("12345", "https://example.com/twilio/sms", params)).toBe(
      "nBKF0ivnav2GZgUbZcqYTAtv+8o=",
    );
  });

  it("delivers an inbound WhatsApp message that twilio.validateRequest accepts", async () => {
    const { messageSid, delivery } = await emulator().customerSends({
      from: WA_CUSTOMER,
      to: WA_NUMBER,
      text: "Yes, café at 5? 👍",
      profileName: "Ana",
      extraParams: { ButtonPayload: "added-without-notice" },
    });
    expect(delivery.status).toBe(200);
    const [webhook] = receiver().received;
    expect(webhook?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const params = formParams(webhook?.body ?? "");
    expect(params).toMatchObject({
      MessageSid: messageSid,
      From: WA_CUSTOMER,
      Body: "Yes, café at 5? 👍",
      WaId: "15551234567",
      ProfileName: "Ana",
      NumMedia: "0",
    });
    const url = `${receiver().url}${webhook?.path}`;
    expect(twilio.validateRequest(emulator().authToken, signatureOf(0), url, params)).toBe(true);
    expect(twilio.validateRequest("wrong-token", signatureOf(0), url, params)).toBe(false);
    expect(
      twilio.validateRequest(emulator().authToken, signatureOf(0), url, {
        ...params,
        Body: "Yes, café at 6? 👍",
      }),
    ).toBe(false);
    const { ButtonPayload: _dropped, ...withoutUnknown } = params;
    expect(twilio.validateRequest(emulator().authToken, signatureOf(0), url, withoutUnknown)).toBe(
      false,
    );
  });

  it("signs the JSON-body variant so validateRequestWithBody accepts it and a changed byte fails", async () => {
    const delivery = await emulator().sendJsonWebhook({ body: { event: "x", text: "héllo" } });
    expect(delivery.url).toContain("bodySHA256=");
    const signature = String(delivery.headers["x-twilio-signature"]);
    expect(
      twilio.validateRequestWithBody(emulator().authToken, signature, delivery.url, delivery.body),
    ).toBe(true);
    const tampered = delivery.body.replace("héllo", "hello");
    expect(
      twilio.validateRequestWithBody(emulator().authToken, signature, delivery.url, tampered),
    ).toBe(false);
  });
});

describe("Twilio status callbacks", () => {
  it("posts sent then delivered, each signed for the StatusCallback URL", async () => {
    const statusUrl = `${receiver().url}/twilio/status`;
    const message = await client().messages.create({
      to: CUSTOMER,
      from: SMS_NUMBER,
      body: "hi",
      statusCallback: statusUrl,
    });
    await emulator().idle();
    const callbacks = receiver().received.map((webhook) => formParams(webhook.body));
    expect(callbacks.map((params) => params.MessageStatus)).toEqual(["sent", "delivered"]);
    expect(callbacks[1]).toMatchObject({
      MessageSid: message.sid,
      To: CUSTOMER,
      From: SMS_NUMBER,
      AccountSid: emulator().accountSid,
    });
    callbacks.forEach((params, i) => {
      expect(twilio.validateRequest(emulator().authToken, signatureOf(i), statusUrl, params)).toBe(
        true,
      );
    });
  });

  it("drops callbacks scheduled before a reset", async () => {
    const statusCallback = `${receiver().url}/twilio/status`;
    await client().messages.create({ to: CUSTOMER, from: SMS_NUMBER, body: "hi", statusCallback });
    emulator().reset();
    await emulator().idle();
    expect(receiver().received).toHaveLength(0);
    expect(emulator().webhooks.list()).toHaveLength(0);
  });

  it("reports a forced delivery failure as undelivered with its ErrorCode", async () => {
    emulator().failDeliveries({ to: CUSTOMER, status: "undelivered", errorCode: 30003 });
    const statusUrl = `${receiver().url}/twilio/status`;
    const message = await client().messages.create({
      to: CUSTOMER,
      from: SMS_NUMBER,
      body: "hi",
      statusCallback: statusUrl,
    });
    await emulator().idle();
    const last = formParams(receiver().received.at(-1)?.body ?? "");
    expect(last).toMatchObject({ MessageStatus: "undelivered", ErrorCode: "30003" });
    expect((await client().messages(message.sid).fetch()).errorCode).toBe(30003);
  });

  it("in async window mode accepts free-form WhatsApp and fails it with 63016 in the callback", async () => {
    const asyncEmulator = await startTwilioEmulator({ windowErrorMode: "async" });
    try {
      const asyncClient = createLocalTwilioClient({
        emulatorUrl: asyncEmulator.url,
        accountSid: asyncEmulator.accountSid,
        authToken: asyncEmulator.authToken,
      });
      const statusUrl = `${receiver().url}/twilio/status`;
      const message = await asyncClient.messages.create({
        to: WA_CUSTOMER,
        from: WA_NUMBER,
        body: "late",
        statusCallback: statusUrl,
      });
      expect(message.status).toBe("queued");
      await asyncEmulator.idle();
      expect(formParams(receiver().received.at(-1)?.body ?? "")).toMatchObject({
        MessageStatus: "failed",
        ErrorCode: "63016",
      });
    } finally {
      await asyncEmulator.close();
    }
  });
});

describe("Twilio inbound rules", () => {
  it("applies STOP and START to later sends (21610 while opted out)", async () => {
    await emulator().customerSends({ from: CUSTOMER, to: SMS_NUMBER, text: " stop " });
    await expect(
      client().messages.create({ to: CUSTOMER, from: SMS_NUMBER, body: "x" }),
    ).rejects.toMatchObject({ code: 21610 });
    await emulator().customerSends({ from: CUSTOMER, to: SMS_NUMBER, text: "START" });
    await expect(
      client().messages.create({ to: CUSTOMER, from: SMS_NUMBER, body: "x" }),
    ).resolves.toMatchObject({ to: CUSTOMER });
  });

  it("opens the WhatsApp window on an inbound message", async () => {
    await emulator().customerSends({ from: WA_CUSTOMER, to: WA_NUMBER, text: "hello" });
    await expect(
      client().messages.create({ to: WA_CUSTOMER, from: WA_NUMBER, body: "hi back" }),
    ).resolves.toMatchObject({ status: "queued" });
  });

  it("sends a TwiML <Message> reply back to the customer", async () => {
    const twiml = new twilio.twiml.MessagingResponse();
    twiml.message("Thanks & see you");
    receiver().answerWith(() => ({ status: 200, body: twiml.toString(), contentType: "text/xml" }));
    await emulator().customerSends({ from: CUSTOMER, to: SMS_NUMBER, text: "hi" });
    expect(emulator().sent()).toMatchObject([
      { direction: "outbound-reply", to: CUSTOMER, from: SMS_NUMBER, body: "Thanks & see you" },
    ]);
  });

  it("replays a delivery byte for byte, so duplicates can be tested", async () => {
    const { delivery } = await emulator().customerSends({
      from: CUSTOMER,
      to: SMS_NUMBER,
      text: "once",
    });
    const replay = await emulator().webhooks.replay(delivery.id);
    expect(replay.replayOf).toBe(delivery.id);
    expect(receiver().received[1]?.body).toBe(receiver().received[0]?.body);
    expect(receiver().received[1]?.headers["x-twilio-signature"]).toBe(signatureOf(0));
  });
});
