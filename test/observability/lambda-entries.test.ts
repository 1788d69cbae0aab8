import { readFileSync } from "node:fs";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  inject,
  it,
  vi,
} from "vitest";
import { handler as deflect } from "../../functions/deflect/handler.ts";
import { handler as relay } from "../../relay/handler.ts";
import {
  BUSINESS_NUMBER,
  type DeflectWorld,
  startDeflectWorld,
  WHATSAPP_TEMPLATE,
} from "../deflect/deflect-world.ts";
import { captureOutput } from "../support/captured-output.ts";
import { lambdaContext } from "../support/lambda-context.ts";

// The real Lambda entry points, configured from the environment as in AWS, against the local
// world the deflect tests use: their log lines and EMF documents as CloudWatch would get them.
const CALLER = "+447911100999";
const CHAT_CONTACT_ID = "5f0d2e6a-1c44-4c8e-9a51-0a8f1c2d3e01";
const snsFixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../events/sns/${name}`, import.meta.url), "utf8"));

let world: DeflectWorld;
let output: ReturnType<typeof captureOutput>;

beforeAll(async () => {
  world = await startDeflectWorld();
  const env: Record<string, string> = {
    AWS_REGION: "eu-west-2",
    DEFLECT_TABLE_NAME: world.tableName,
    DEFLECT_DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
    DEFLECT_CONNECT_ENDPOINT: world.connect.url,
    DEFLECT_WHATSAPP_TEMPLATE_SID: WHATSAPP_TEMPLATE,
    DEFLECT_WEBHOOK_PUBLIC_BASE_URL: "https://hooks.example.com",
    DEFLECT_RESUME_TOKEN_KEY: Buffer.alloc(32, 7).toString("base64"),
    TWILIO_ACCOUNT_SID: world.twilio.accountSid,
    TWILIO_AUTH_TOKEN: world.twilio.authToken,
    TWILIO_API_ORIGIN: world.twilio.url,
    TWILIO_WHATSAPP_FROM: `whatsapp:${BUSINESS_NUMBER}`,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  await world.setPolicy();
  world.setWait(900);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await world?.close();
});
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

describe("the deflect function's Lambda entry", () => {
  it("counts an offer, its acceptance and the message sent per queue and channel", async () => {
    const contactId = "entry-offer-1";
    const check = world.flowEvent(contactId, CALLER, { action: "check" });
    expect(await deflect(check, lambdaContext("deflect"))).toMatchObject({ offer: "true" });
    const accept = world.flowEvent(contactId, CALLER, { action: "accept", channel: "whatsapp" });
    expect(await deflect(accept, lambdaContext("deflect"))).toMatchObject({ sent: "true" });

    const funnel = output.metrics().filter((m) => m.Queue === world.queueId);
    expect(funnel).toEqual([
      expect.objectContaining({ Channel: "whatsapp", Offered: 1 }),
      expect.objectContaining({ Channel: "whatsapp", Accepted: 1, Sent: 1 }),
    ]);
    expect(output.text()).not.toContain(CALLER.slice(1));
  });

  it("logs with Lambda's context and the voice contact as correlation id, and counts the error", async () => {
    const context = lambdaContext("deflect");
    // Connect's event without the instance: the handler answers "no offer" and logs why.
    const event = { Details: { ContactData: { ContactId: "voice-bad-1", Channel: "VOICE" } } };
    expect(await deflect(event, context)).toMatchObject({ offer: "false", reason: "BAD_EVENT" });

    expect(output.logs()).toEqual([
      expect.objectContaining({
        level: "WARN",
        message: "bad contact-flow event",
        service: "deflect",
        correlation_id: "voice-bad-1",
        function_name: "deflect",
        function_request_id: context.awsRequestId,
      }),
    ]);
    expect(output.metrics()).toEqual([
      expect.objectContaining({ service: "deflect", HandledErrors: 1 }),
    ]);
  });

  it("logs a retried send with its operation, attempt, delay and reason", async () => {
    const contactId = "entry-retry-1";
    const check = world.flowEvent(contactId, CALLER, { action: "check" });
    expect(await deflect(check, lambdaContext("deflect"))).toMatchObject({ offer: "true" });
    world.twilio.faults.failNext("messages.create", { status: 429, retryAfterSeconds: 0 });
    const accept = world.flowEvent(contactId, CALLER, { action: "accept", channel: "whatsapp" });
    expect(await deflect(accept, lambdaContext("deflect"))).toMatchObject({ sent: "true" });

    expect(output.logs()).toEqual([
      expect.objectContaining({
        level: "WARN",
        message: "vendor call retried",
        correlation_id: contactId,
        operation: "Twilio.CreateMessage",
        attempt: 1,
        delayMs: 0,
        reason: "throttled",
        status: 429,
      }),
    ]);
  });

  it("does not carry one invocation's correlation id into the next", async () => {
    await deflect({ Details: { ContactData: { ContactId: "voice-bad-2" } } }, lambdaContext("d"));
    await deflect({ Details: {} }, lambdaContext("deflect"));
    const [first, second] = output.logs();
    expect(first).toMatchObject({ correlation_id: "voice-bad-2" });
    expect(second).toMatchObject({ message: "bad contact-flow event" });
    expect(second).not.toHaveProperty("correlation_id");
  });
});

describe("the relay's Lambda entry", () => {
  it("logs a retry with the chat as correlation id and counts it", async () => {
    const context = lambdaContext("relay");
    // The chat is linked to no session yet: Lambda is asked to retry.
    await expect(relay(snsFixture("lambda-agent-message.json"), context)).rejects.toThrow(
      /to retry/,
    );

    expect(output.logs()).toEqual([
      expect.objectContaining({
        level: "WARN",
        message: "relay will retry a notification",
        service: "relay",
        correlation_id: CHAT_CONTACT_ID,
        code: "NOT_FOUND",
        function_request_id: context.awsRequestId,
      }),
    ]);
    expect(output.metrics()).toEqual([
      expect.objectContaining({
        service: "relay",
        Retries: 1,
        _aws: expect.objectContaining({
          CloudWatchMetrics: [expect.objectContaining({ Dimensions: [["service"]] })],
        }),
      }),
    ]);
  });
});
