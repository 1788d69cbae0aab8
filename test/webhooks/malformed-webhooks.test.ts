import { createHmac } from "node:crypto";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import fc from "fast-check";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookHarness, type WebhookHarness } from "./webhook-harness.ts";

const SECRETS = {
  twilio: "twilio-token",
  meta: "meta-app-secret",
  x: "x-consumer-secret",
  telegram: "telegram-secret-token",
  line: "line-channel-secret",
};
const ROUTES = ["sms", "whatsapp", "messenger", "x", "telegram", "line"] as const;
type Route = (typeof ROUTES)[number];
const KNOWN_CODES = ["INVALID_INPUT", "SIGNATURE_INVALID", "NOT_FOUND"];
const NUM_RUNS = 500;

let harness: WebhookHarness;

beforeAll(async () => {
  harness = await startWebhookHarness({
    TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
    TWILIO_AUTH_TOKEN: SECRETS.twilio,
    META_APP_SECRET: SECRETS.meta,
    META_VERIFY_TOKEN: "verify",
    META_PAGE_ACCESS_TOKEN: "page-token",
    X_CONSUMER_KEY: "ck",
    X_CONSUMER_SECRET: SECRETS.x,
    X_ACCESS_TOKEN: "at",
    X_ACCESS_SECRET: "as",
    TELEGRAM_BOT_TOKEN: "123:abc",
    TELEGRAM_WEBHOOK_SECRET: SECRETS.telegram,
    LINE_CHANNEL_SECRET: SECRETS.line,
    LINE_CHANNEL_ACCESS_TOKEN: "line-token",
  });
});
afterAll(() => harness.close());

/** Each platform's signature, computed the documented way, independently of the adapters. */
function signedHeaders(route: Route, url: string, body: string): Record<string, string> {
  const hmac = (algorithm: string, key: string) => createHmac(algorithm, key).update(body);
  switch (route) {
    case "sms":
    case "whatsapp": {
      const params = new Map<string, string[]>();
      for (const [k, v] of new URLSearchParams(body)) params.set(k, [...(params.get(k) ?? []), v]);
      const flat = Object.fromEntries([...params].map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
      return { "x-twilio-signature": twilio.getExpectedTwilioSignature(SECRETS.twilio, url, flat) };
    }
    case "messenger":
      return { "x-hub-signature-256": `sha256=${hmac("sha256", SECRETS.meta).digest("hex")}` };
    case "x":
      return {
        "x-twitter-webhooks-signature": `sha256=${hmac("sha256", SECRETS.x).digest("base64")}`,
      };
    case "telegram":
      return { "x-telegram-bot-api-secret-token": SECRETS.telegram };
    case "line":
      return { "x-line-signature": hmac("sha256", SECRETS.line).digest("base64") };
  }
}

function event(route: Route, body: string, headers: Record<string, string>, base64 = false) {
  return {
    version: "2.0",
    rawPath: `/webhooks/${route}`,
    rawQueryString: "",
    headers: { "content-type": "application/json", ...headers },
    pathParameters: { channel: route },
    requestContext: { http: { method: "POST" } },
    body: base64 ? Buffer.from(body).toString("base64") : body,
    isBase64Encoded: base64,
  };
}

async function expectClientError(result: APIGatewayProxyStructuredResultV2) {
  expect(result.statusCode).toBeGreaterThanOrEqual(400);
  expect(result.statusCode).toBeLessThan(500);
  expect(KNOWN_CODES).toContain(JSON.parse(result.body ?? "").error.code);
}

/** Bodies that look like each platform's, with every field free to be anything. */
const bodies = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.json({ maxDepth: 4 }),
  fc
    .record({ object: fc.constant("page"), entry: fc.anything({ maxDepth: 4 }) })
    .map((v) => JSON.stringify(v)),
  fc
    .record({ for_user_id: fc.anything(), direct_message_events: fc.anything({ maxDepth: 4 }) })
    .map((v) => JSON.stringify(v)),
  fc
    .record({ update_id: fc.anything(), message: fc.anything({ maxDepth: 4 }) })
    .map((v) => JSON.stringify(v)),
  fc
    .record({
      destination: fc.anything(),
      events: fc.array(
        fc.record({
          type: fc.constant("message"),
          message: fc.anything(),
          source: fc.anything(),
          timestamp: fc.anything(),
        }),
      ),
    })
    .map((v) => JSON.stringify(v)),
  fc
    .dictionary(
      fc.constantFrom(
        "MessageSid",
        "From",
        "To",
        "Body",
        "NumMedia",
        "MessageStatus",
        "ErrorCode",
        "MediaUrl0",
      ),
      fc.string({ unit: "binary", maxLength: 40 }),
    )
    .map((v) => new URLSearchParams(v).toString()),
);

describe("malformed webhooks never produce a 5xx", () => {
  it("answers a 4xx with a stable code to any event shape at all", async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ maxDepth: 3 }), async (anything) => {
        await expectClientError(await harness.handler(anything));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  for (const route of ROUTES) {
    it(`${route}: unsigned garbage is refused as SIGNATURE_INVALID`, async () => {
      await fc.assert(
        fc.asyncProperty(bodies, fc.boolean(), async (body, base64) => {
          const result = await harness.handler(event(route, body, {}, base64));
          expect(result.statusCode).toBe(401);
        }),
        { numRuns: NUM_RUNS },
      );
    });

    it(`${route}: correctly signed garbage is a 4xx with a stable code, or accepted as valid`, async () => {
      const url = harness.route(route);
      const statuses = new Set<number | undefined>();
      await fc.assert(
        fc.asyncProperty(bodies, fc.boolean(), async (body, base64) => {
          const headers = signedHeaders(route, url, body);
          const result = await harness.handler(event(route, body, headers, base64));
          statuses.add(result.statusCode);
          if (result.statusCode === 200) return;
          await expectClientError(result);
        }),
        { numRuns: NUM_RUNS },
      );
      // The signatures held, so the bodies reached the parsers and were judged there.
      expect(statuses.has(403)).toBe(false);
      expect(statuses.has(400)).toBe(true);
      expect(harness.errors).toEqual([]);
    });
  }
});
