import { createHmac, timingSafeEqual } from "node:crypto";
import { ApiResponseError, TwitterApi } from "twitter-api-v2";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../shared-http/webhook-receiver.ts";
import { startXEmulator, type XEmulator } from "./index.ts";

const CUSTOMER = "987654321";

/** X's documented check, written independently of the emulator's signer. */
function verifyXSignature(
  consumerSecret: string,
  rawBody: string,
  header: string | undefined,
): boolean {
  const expected = Buffer.from(
    `sha256=${createHmac("sha256", consumerSecret).update(rawBody).digest("base64")}`,
  );
  const actual = Buffer.from(header ?? "");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** twitter-api-v2 has no base-URL option; setPrefix is protected (protocols.md §7.2). */
function aimAt(client: TwitterApi, emulator: XEmulator): TwitterApi {
  (client.v2 as unknown as { setPrefix(prefix: string): void }).setPrefix(`${emulator.url}/2/`);
  return client;
}

/**
 * X answers `{"data":{dm_conversation_id, dm_event_id}}` (protocols.md §7.2); the
 * library passes that body through although its type declares the fields flat.
 */
function dmResult(result: unknown): { dm_conversation_id: string; dm_event_id: string } {
  return (result as { data: { dm_conversation_id: string; dm_event_id: string } }).data;
}

let emulator: XEmulator;
let receiver: WebhookReceiver;
let client: TwitterApi;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startXEmulator({
    webhookUrl: `${receiver.url}/x`,
    userBearerTokens: ["user-context-token"],
  });
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = emulator.credentials;
  client = aimAt(
    new TwitterApi(
      {
        appKey: consumerKey,
        appSecret: consumerSecret,
        accessToken,
        accessSecret: accessTokenSecret,
      },
      { httpAgent: emulator.httpsAgent() },
    ),
    emulator,
  );
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});
beforeEach(async () => {
  // An earlier test's echo webhook may still be on its way; let it land before clearing.
  await emulator.idle();
  emulator.reset();
  receiver.received.length = 0;
  receiver.answerWith(() => ({ status: 200 }));
});

describe("X v2 DMs through twitter-api-v2 over HTTPS", () => {
  it("serves TLS with its generated certificate and accepts an OAuth 1.0a signed DM", async () => {
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.caCert).toContain("BEGIN CERTIFICATE");
    const result = dmResult(
      await client.v2.sendDmToParticipant(CUSTOMER, { text: "Hi, an agent will reply here ✨" }),
    );
    expect(result.dm_conversation_id).toBe(`${CUSTOMER}-${emulator.credentials.userId}`);
    expect(emulator.sent()).toMatchObject([
      {
        id: result.dm_event_id,
        text: "Hi, an agent will reply here ✨",
        sender_id: emulator.credentials.userId,
      },
    ]);
    const [request] = emulator.requests.list({ operation: "dm.send" });
    expect(request?.headers.authorization).toMatch(/^OAuth .*oauth_signature=/);
    expect(JSON.parse(request?.body ?? "{}")).toEqual({ text: "Hi, an agent will reply here ✨" });
  });

  it("sends in an existing conversation and lists the events with requested fields", async () => {
    const first = dmResult(await client.v2.sendDmToParticipant(CUSTOMER, { text: "one" }));
    await client.v2.sendDmInConversation(first.dm_conversation_id, { text: "two" });
    const timeline = await client.v2.listDmEventsWithParticipant(CUSTOMER, {
      "dm_event.fields": ["sender_id", "created_at"],
    });
    expect(timeline.events.map((event) => (event as { text?: string }).text)).toEqual([
      "two",
      "one",
    ]);
    expect(timeline.events[0]).toHaveProperty("sender_id", emulator.credentials.userId);
  });

  it("refuses a wrongly signed request with 401 problem JSON", async () => {
    const { consumerKey, accessToken, accessTokenSecret } = emulator.credentials;
    const forged = aimAt(
      new TwitterApi(
        {
          appKey: consumerKey,
          appSecret: "wrong-secret",
          accessToken,
          accessSecret: accessTokenSecret,
        },
        { httpAgent: emulator.httpsAgent() },
      ),
      emulator,
    );
    const error = await forged.v2
      .sendDmToParticipant(CUSTOMER, { text: "x" })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ApiResponseError);
    expect((error as ApiResponseError).code).toBe(401);
    expect((error as ApiResponseError).data).toMatchObject({ title: "Unauthorized", status: 401 });
    expect(emulator.sent()).toHaveLength(0);
  });

  it("accepts an OAuth 2.0 user token and refuses an app-only token with 403", async () => {
    const user = aimAt(
      new TwitterApi("user-context-token", { httpAgent: emulator.httpsAgent() }),
      emulator,
    );
    await expect(user.v2.sendDmToParticipant(CUSTOMER, { text: "ok" })).resolves.toHaveProperty(
      "data.dm_event_id",
    );
    const app = aimAt(
      new TwitterApi(emulator.credentials.appBearerToken, { httpAgent: emulator.httpsAgent() }),
      emulator,
    );
    await expect(app.v2.sendDmToParticipant(CUSTOMER, { text: "no" })).rejects.toMatchObject({
      code: 403,
      data: { type: "https://api.twitter.com/2/problems/unsupported-authentication" },
    });
  });

  it("validates bodies and honours closed DMs and rate limits", async () => {
    await expect(client.v2.sendDmToParticipant(CUSTOMER, {})).rejects.toMatchObject({
      code: 400,
      data: { title: "Invalid Request" },
    });
    emulator.closeDms(CUSTOMER);
    await expect(client.v2.sendDmToParticipant(CUSTOMER, { text: "x" })).rejects.toMatchObject({
      code: 403,
    });
    emulator.faults.failNext("dm.send", { status: 429, retryAfterSeconds: 9 });
    const limited = await client.v2
      .sendDmToParticipant("111", { text: "x" })
      .catch((err: unknown) => err);
    expect((limited as ApiResponseError).code).toBe(429);
    expect((limited as ApiResponseError).headers["retry-after"]).toBe("9");
  });

  it("reports x-rate-limit headers that count down per send", async () => {
    await client.v2.sendDmToParticipant(CUSTOMER, { text: "a" });
    await client.v2.sendDmToParticipant(CUSTOMER, { text: "b" });
    const [, second] = emulator.requests.list({ operation: "dm.send" });
    expect(second?.status).toBe(201);
    const full = await client.v2.post(
      "dm_conversations/with/:participant_id/messages",
      { text: "c" },
      { fullResponse: true, params: { participant_id: CUSTOMER } },
    );
    expect(full.rateLimit).toMatchObject({ limit: 200, remaining: 197 });
    expect(full.rateLimit?.reset).toBeGreaterThan(Date.now() / 1000);
  });
});

describe("X Account Activity webhooks", () => {
  it("signs direct_message_events with the consumer secret; a changed byte or wrong secret fails", async () => {
    const { eventId } = await emulator.customerSends({
      senderId: CUSTOMER,
      text: "I'd like a callback",
    });
    const [webhook] = receiver.received;
    const header = webhook?.headers["x-twitter-webhooks-signature"] as string | undefined;
    expect(verifyXSignature(emulator.credentials.consumerSecret, webhook?.body ?? "", header)).toBe(
      true,
    );
    expect(verifyXSignature("wrong", webhook?.body ?? "", header)).toBe(false);
    expect(
      verifyXSignature(
        emulator.credentials.consumerSecret,
        (webhook?.body ?? "").replace("callback", "callbacK"),
        header,
      ),
    ).toBe(false);
    const payload = JSON.parse(webhook?.body ?? "{}");
    expect(payload.for_user_id).toBe(emulator.credentials.userId);
    expect(payload.direct_message_events[0]).toMatchObject({
      type: "message_create",
      id: eventId,
      message_create: {
        sender_id: CUSTOMER,
        target: { recipient_id: emulator.credentials.userId },
        message_data: { text: "I'd like a callback" },
      },
    });
    expect(payload.users[CUSTOMER].id).toBe(CUSTOMER);
  });

  it("echoes the account's own sends with sender_id = for_user_id", async () => {
    await client.v2.sendDmToParticipant(CUSTOMER, { text: "from the agent" });
    await emulator.idle();
    const payload = JSON.parse(receiver.received[0]?.body ?? "{}");
    expect(payload.direct_message_events[0].message_create.sender_id).toBe(payload.for_user_id);
  });

  it("runs the CRC and accepts only the correct response_token", async () => {
    const answer = (secret: string) => (webhook: { path: string }) => {
      const token = new URL(webhook.path, "http://x").searchParams.get("crc_token") ?? "";
      const responseToken = `sha256=${createHmac("sha256", secret).update(token).digest("base64")}`;
      return {
        status: 200,
        body: JSON.stringify({ response_token: responseToken }),
        contentType: "application/json",
      };
    };
    receiver.answerWith(answer(emulator.credentials.consumerSecret));
    expect((await emulator.crcCheck()).ok).toBe(true);
    receiver.answerWith(answer("not-the-consumer-secret"));
    expect((await emulator.crcCheck()).ok).toBe(false);
  });
});
