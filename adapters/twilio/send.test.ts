import { afterEach, describe, expect, it } from "vitest";
import { DependencyFailedError } from "../../core/errors.ts";
import { useMessagingEmulator } from "../../emulators/shared-http/test-support/messaging-emulator.ts";
import { startTwilioEmulator } from "../../emulators/twilio/index.ts";
import { expectRefused, rejection, useSenderUnderTest } from "../test-support/sender-under-test.ts";
import { TwilioSender } from "./send.ts";

const OUR_NUMBER = "+15557654321";
const CUSTOMER = "+15551234567";
const TEMPLATE_SID = `HX${"a".repeat(32)}`;

const { emulator, receiver } = useMessagingEmulator({
  start: () =>
    startTwilioEmulator({
      senders: [OUR_NUMBER, `whatsapp:${OUR_NUMBER}`],
      contentTemplates: { [TEMPLATE_SID]: "Hi {{1}}, reply here to continue your call." },
    }),
});
const senders = useSenderUnderTest(emulator, (twilio) => {
  const shared = {
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    apiOrigin: twilio.url,
    statusCallbackUrl: `${receiver().url}/webhooks/sms`,
  };
  return {
    sms: new TwilioSender("sms", { ...shared, from: OUR_NUMBER }),
    whatsApp: new TwilioSender("whatsapp", { ...shared, from: `whatsapp:${OUR_NUMBER}` }),
  };
});
// A send's status callbacks run on after it returns: let them land before the next test resets.
afterEach(() => emulator().idle());

const smsTo = { channel: "sms", handle: CUSTOMER } as const;
const whatsAppTo = { channel: "whatsapp", handle: CUSTOMER } as const;

describe("Twilio channels sending through the Messages API emulator", () => {
  it("sends an SMS with our number, the body and the status callback URL", async () => {
    const result = await senders().sms.send({
      kind: "text",
      to: smsTo,
      text: "Hello",
      reference: "r1",
    });
    const [sent] = emulator().sent({ to: CUSTOMER });
    expect(sent).toMatchObject({
      sid: result.providerMessageId,
      from: OUR_NUMBER,
      body: "Hello",
      statusCallback: `${receiver().url}/webhooks/sms`,
    });
    expect(result.state).toBe("queued");
    await emulator().idle();
    const statuses = receiver().received.map((hook) =>
      new URLSearchParams(hook.body).get("MessageStatus"),
    );
    expect(statuses).toEqual(["sent", "delivered"]);
  });

  it("sends a WhatsApp template as ContentSid with JSON ContentVariables", async () => {
    const result = await senders().whatsApp.send({
      kind: "template",
      to: whatsAppTo,
      templateId: TEMPLATE_SID,
      variables: { "1": "Ana" },
      reference: "r2",
    });
    const [sent] = emulator().sent({ to: `whatsapp:${CUSTOMER}` });
    expect(sent).toMatchObject({
      sid: result.providerMessageId,
      contentSid: TEMPLATE_SID,
      contentVariables: { "1": "Ana" },
      body: "Hi Ana, reply here to continue your call.",
    });
  });

  it("sends WhatsApp free text inside the 24-hour window", async () => {
    emulator().openWindow(`whatsapp:${CUSTOMER}`, `whatsapp:${OUR_NUMBER}`);
    await senders().whatsApp.send({
      kind: "text",
      to: whatsAppTo,
      text: "Thanks!",
      reference: "r3",
    });
    expect(emulator().sent({ to: `whatsapp:${CUSTOMER}` })[0]?.body).toBe("Thanks!");
  });

  it("turns error 63016 (free text outside the window) into OUTSIDE_SERVICE_WINDOW", async () => {
    const late = { kind: "text", to: whatsAppTo, text: "late", reference: "r4" } as const;
    await expectRefused(senders().whatsApp.send(late), {
      reason: "OUTSIDE_SERVICE_WINDOW",
      providerCode: "63016",
    });
    expect(emulator().sent()).toHaveLength(0);
  });

  it("reports a customer who texted STOP as OPTED_OUT (21610)", async () => {
    emulator().setOptOut(CUSTOMER, OUR_NUMBER, true);
    const error = await rejection(
      senders().sms.send({ kind: "text", to: smsTo, text: "hi", reference: "r5" }),
    );
    expect(error).toMatchObject({ code: "CHANNEL_REJECTED", details: { reason: "OPTED_OUT" } });
  });

  it("refuses text over 1,600 characters before calling Twilio", async () => {
    const error = await rejection(
      senders().sms.send({ kind: "text", to: smsTo, text: "x".repeat(1_601), reference: "r6" }),
    );
    expect(error).toMatchObject({ details: { reason: "TEXT_TOO_LONG" } });
    expect(emulator().requests.list()).toHaveLength(0);
  });

  it("refuses a handle that is not an E.164 number as INVALID_ADDRESS without calling Twilio", async () => {
    const to = { channel: "sms", handle: "0044 7700" } as const;
    const error = await rejection(
      senders().sms.send({ kind: "text", to, text: "hi", reference: "r9" }),
    );
    expect(error).toMatchObject({
      code: "CHANNEL_REJECTED",
      details: { reason: "INVALID_ADDRESS" },
    });
    expect(emulator().requests.list()).toHaveLength(0);
  });

  it("reports a Twilio outage as DependencyFailedError and does not resend", async () => {
    emulator().faults.failNext("messages.create", { status: 500 }, 1);
    const error = await rejection(
      senders().sms.send({ kind: "text", to: smsTo, text: "hi", reference: "r7" }),
    );
    expect(error).toBeInstanceOf(DependencyFailedError);
    expect(
      emulator()
        .requests.list()
        .filter((r) => r.method === "POST"),
    ).toHaveLength(1);
  });

  it("retries a 429 with backoff and then succeeds", async () => {
    emulator().faults.failNext("messages.create", { status: 429 }, 1);
    const result = await senders().sms.send({
      kind: "text",
      to: smsTo,
      text: "hi",
      reference: "r8",
    });
    expect(result.providerMessageId).toMatch(/^SM/);
    expect(emulator().sent()).toHaveLength(1);
  });
});
