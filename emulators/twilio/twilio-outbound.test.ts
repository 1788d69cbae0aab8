import twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DAY_MS } from "../shared-http/clock.ts";
import { startTwilioEmulator, type TwilioEmulator } from "./index.ts";
import { createLocalTwilioClient } from "./local-client.ts";

const SMS_NUMBER = "+15557654321";
const WA_NUMBER = "whatsapp:+15557654321";
const CUSTOMER = "+15551234567";
const WA_CUSTOMER = "whatsapp:+15551234567";
const TEMPLATE_SID = `HX${"a".repeat(32)}`;

let emulator: TwilioEmulator;
let client: twilio.Twilio;

beforeAll(async () => {
  emulator = await startTwilioEmulator({
    senders: [SMS_NUMBER, WA_NUMBER],
    messagingServices: { [`MG${"b".repeat(32)}`]: [SMS_NUMBER, WA_NUMBER] },
    contentTemplates: {
      [TEMPLATE_SID]: "Hi {{1}}, an agent can help you here. Reply to continue.",
    },
  });
  client = createLocalTwilioClient({
    emulatorUrl: emulator.url,
    accountSid: emulator.accountSid,
    authToken: emulator.authToken,
  });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe("Twilio Messages API through the official client", () => {
  it("accepts an SMS and records exactly what the client sent", async () => {
    const message = await client.messages.create({
      to: CUSTOMER,
      from: SMS_NUMBER,
      body: "Hello from the queue",
    });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.status).toBe("queued");
    expect(message.numSegments).toBe("1");
    expect(message.accountSid).toBe(emulator.accountSid);
    const [sent] = emulator.sent();
    expect(sent).toMatchObject({
      sid: message.sid,
      to: CUSTOMER,
      from: SMS_NUMBER,
      body: "Hello from the queue",
    });
    const [request] = emulator.requests.list({ operation: "messages.create" });
    expect(request?.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(new URLSearchParams(request?.body).get("Body")).toBe("Hello from the queue");
  });

  it("refuses a wrong auth token with 401 and code 20003", async () => {
    const intruder = createLocalTwilioClient({
      emulatorUrl: emulator.url,
      accountSid: emulator.accountSid,
      authToken: "not-the-token",
    });
    await expect(
      intruder.messages.create({ to: CUSTOMER, from: SMS_NUMBER, body: "x" }),
    ).rejects.toMatchObject({
      status: 401,
      code: 20003,
      moreInfo: "https://www.twilio.com/docs/errors/20003",
    });
    expect(emulator.sent()).toHaveLength(0);
  });

  it("answers missing body, bad number and unknown sender with Twilio's codes", async () => {
    await expect(client.messages.create({ to: CUSTOMER, from: SMS_NUMBER })).rejects.toMatchObject({
      code: 21602,
    });
    await expect(
      client.messages.create({ to: "12", from: SMS_NUMBER, body: "x" }),
    ).rejects.toMatchObject({
      code: 21211,
      status: 400,
    });
    await expect(
      client.messages.create({ to: CUSTOMER, from: "+15550000000", body: "x" }),
    ).rejects.toMatchObject({
      code: 21606,
    });
    await expect(
      client.messages.create({
        to: CUSTOMER,
        from: SMS_NUMBER,
        body: "x",
        statusCallback: "not a url",
      }),
    ).rejects.toMatchObject({ code: 21609 });
    await expect(
      client.messages.create({ to: WA_CUSTOMER, from: SMS_NUMBER, body: "x" }),
    ).rejects.toMatchObject({
      code: 21910,
    });
  });

  it("refuses free-form WhatsApp outside the 24-hour window with a RestException 63016", async () => {
    const attempt = client.messages.create({
      to: WA_CUSTOMER,
      from: WA_NUMBER,
      body: "Are you there?",
    });
    await expect(attempt).rejects.toBeInstanceOf(twilio.RestException);
    await expect(
      client.messages.create({ to: WA_CUSTOMER, from: WA_NUMBER, body: "Are you there?" }),
    ).rejects.toMatchObject({ status: 400, code: 63016 });
    expect(emulator.sent()).toHaveLength(0);
  });

  it("sends a WhatsApp template (ContentSid + ContentVariables) outside the window", async () => {
    const message = await client.messages.create({
      to: WA_CUSTOMER,
      from: WA_NUMBER,
      contentSid: TEMPLATE_SID,
      contentVariables: JSON.stringify({ 1: "Ana" }),
    });
    expect(message.body).toBe("Hi Ana, an agent can help you here. Reply to continue.");
    expect(emulator.sent()[0]).toMatchObject({
      contentSid: TEMPLATE_SID,
      contentVariables: { 1: "Ana" },
    });
    await expect(
      client.messages.create({
        to: WA_CUSTOMER,
        from: WA_NUMBER,
        contentSid: `HX${"f".repeat(32)}`,
      }),
    ).rejects.toMatchObject({ code: 21655 });
  });

  it("allows free-form WhatsApp for 24 hours after the customer's last message", async () => {
    emulator.openWindow(WA_CUSTOMER, WA_NUMBER);
    const inside = await client.messages.create({
      to: WA_CUSTOMER,
      from: WA_NUMBER,
      body: "Thanks!",
    });
    expect(inside.status).toBe("queued");
    emulator.clock.advance(DAY_MS + 1);
    await expect(
      client.messages.create({ to: WA_CUSTOMER, from: WA_NUMBER, body: "Late" }),
    ).rejects.toMatchObject({
      code: 63016,
    });
  });

  it("picks the sender from a Messaging Service and starts as accepted", async () => {
    const message = await client.messages.create({
      to: CUSTOMER,
      messagingServiceSid: `MG${"b".repeat(32)}`,
      body: "Via service",
    });
    expect(message.status).toBe("accepted");
    expect(message.from).toBeNull();
    await emulator.idle();
    const fetched = await client.messages(message.sid).fetch();
    expect(fetched.status).toBe("delivered");
  });

  it("injects a 429 before the send, and a 500 after it took effect", async () => {
    emulator.faults.failNext("messages.create", { status: 429 });
    await expect(
      client.messages.create({ to: CUSTOMER, from: SMS_NUMBER, body: "a" }),
    ).rejects.toMatchObject({
      status: 429,
      code: 20429,
    });
    expect(emulator.sent()).toHaveLength(0);
    emulator.faults.failNext("messages.create", { status: 500, phase: "after" });
    await expect(
      client.messages.create({ to: CUSTOMER, from: SMS_NUMBER, body: "b" }),
    ).rejects.toMatchObject({
      status: 500,
    });
    expect(emulator.sent().map((message) => message.body)).toEqual(["b"]);
  });

  it("fails a seeded fraction of calls when a failure rate is set", async () => {
    emulator.faults.setFailureRate("messages.create", 0.5, { status: 503 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        client.messages.create({ to: CUSTOMER, from: SMS_NUMBER, body: `${i}` }),
      ),
    );
    const failed = outcomes.filter((outcome) => outcome.status === "rejected").length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
    expect(emulator.sent()).toHaveLength(40 - failed);
  });
});

describe("Twilio emulator inspection routes", () => {
  it("lists sent messages and rejects a malformed customer message with 400", async () => {
    await client.messages.create({ to: CUSTOMER, from: SMS_NUMBER, body: "listed" });
    const sent = (await (await fetch(`${emulator.url}/__emulator/sent`)).json()) as {
      body: string;
    }[];
    expect(sent.map((message) => message.body)).toEqual(["listed"]);
    const bad = await fetch(`${emulator.url}/__emulator/customer-sends`, {
      method: "POST",
      body: '{"from":1}',
    });
    expect(bad.status).toBe(400);
  });
});
