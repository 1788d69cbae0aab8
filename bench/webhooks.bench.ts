import { createHmac, randomUUID } from "node:crypto";
import { createDocumentClients } from "../adapters/dynamodb/document-client.ts";
import { ensureTable } from "../adapters/dynamodb/table-definition.ts";
import { ENV } from "../config/environment-names.ts";
import { loadWebhooksConfig } from "../config/webhooks-config.ts";
import { startLocalDynamo } from "../emulators/dynamodb/local-dynamodb.ts";
import { signTwilioRequest } from "../emulators/twilio/signature.ts";
import { createWebhookHandler } from "../functions/webhooks/webhook-handler.ts";
import { wireWebhooks } from "../functions/webhooks/wire.ts";
import { measure, report } from "./measure.ts";

const BASE_URL = "https://hooks.example.com";
const TWILIO_TOKEN = "bench-twilio-token";
const META_SECRET = "bench-meta-secret";

function event(channel: string, body: string, headers: Record<string, string>) {
  return {
    rawPath: `/webhooks/${channel}`,
    rawQueryString: "",
    headers,
    requestContext: { http: { method: "POST" } },
    body,
    isBase64Encoded: false,
  };
}

/** A signed Twilio SMS webhook, built before timing so only the handler is measured. */
function twilioEvent(i: number) {
  const params = {
    MessageSid: `SM${i.toString(16).padStart(32, "0")}`,
    AccountSid: `AC${"0".repeat(32)}`,
    From: `+4479110${String(i % 100_000).padStart(5, "0")}`,
    To: "+447700900000",
    Body: `message number ${i}`,
    NumMedia: "0",
    SmsStatus: "received",
  };
  const signature = signTwilioRequest(TWILIO_TOKEN, `${BASE_URL}/webhooks/sms`, params);
  return event("sms", new URLSearchParams(params).toString(), {
    "content-type": "application/x-www-form-urlencoded",
    "x-twilio-signature": signature,
  });
}

function metaEvent(i: number) {
  const body = JSON.stringify({
    object: "page",
    entry: [
      {
        id: "1",
        time: Date.now(),
        messaging: [
          {
            sender: { id: String(10_000 + (i % 500)) },
            recipient: { id: "1" },
            timestamp: Date.now(),
            message: { mid: `m_${i}`, text: `hello ${i}` },
          },
        ],
      },
    ],
  });
  const signature = `sha256=${createHmac("sha256", META_SECRET).update(body).digest("hex")}`;
  return event("messenger", body, { "x-hub-signature-256": signature });
}

/**
 * Inbound webhooks per second through functions/webhooks on one process: signature check,
 * parse, dedupe write and inbox record against in-memory dynalite (a local stand-in; AWS
 * latency differs).
 */
export async function run(): Promise<void> {
  const dynamo = await startLocalDynamo();
  const { client } = createDocumentClients({
    region: "us-east-1",
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
  const tableName = `bench-${randomUUID()}`;
  await ensureTable(client, tableName);
  const config = loadWebhooksConfig({
    [ENV.tableName]: tableName,
    [ENV.dynamoEndpoint]: dynamo.endpoint,
    [ENV.webhookPublicBaseUrl]: BASE_URL,
    [ENV.twilioAccountSid]: `AC${"0".repeat(32)}`,
    [ENV.twilioAuthToken]: TWILIO_TOKEN,
    [ENV.metaAppSecret]: META_SECRET,
    [ENV.metaVerifyToken]: "v",
    [ENV.metaPageAccessToken]: "p",
  });
  const logger = { error: (message: string) => console.error(message) };
  const handler = createWebhookHandler(wireWebhooks(config, { logger }));
  const count = 3_000;
  const concurrency = 20;
  try {
    // Warm the JIT, the SDK and dynalite on ids the measured runs do not use.
    await measure({ count: 300, concurrency, task: (i) => handler(twilioEvent(count + i)) });
    for (const [name, build] of [
      ["Twilio SMS", twilioEvent],
      ["Messenger", metaEvent],
    ] as const) {
      const events = Array.from({ length: count }, (_, i) => build(i));
      const expectOk = async (i: number) => {
        const result = await handler(events[i]);
        if (result.statusCode !== 200) throw new Error(`${name} answered ${result.statusCode}`);
      };
      report(
        `webhooks: ${name} new message`,
        await measure({ count, concurrency, task: expectOk }),
      );
      report(`webhooks: ${name} duplicate`, await measure({ count, concurrency, task: expectOk }));
    }
    // The same pipeline's CPU share: verify and parse alone, no I/O.
    const sms = wireWebhooks(config, { logger }).channels.get("sms");
    const requests = Array.from({ length: count }, (_, i) => {
      const { body, headers } = twilioEvent(i);
      const query = {};
      return {
        method: "POST",
        publicUrl: `${BASE_URL}/webhooks/sms`,
        headers,
        query,
        rawBody: body,
      };
    });
    const verify = await measure({
      count,
      concurrency: 1,
      task: (i) => sms?.verifyAndParse(requests[i] as (typeof requests)[number]),
    });
    report("webhooks: Twilio verify + parse only (CPU)", verify);
    const bad = twilioEvent(0);
    const forged = { ...bad, headers: { ...bad.headers, "x-twilio-signature": "forged" } };
    const refused = await measure({ count, concurrency, task: () => handler(forged) });
    report("webhooks: forged signature refused", refused);
  } finally {
    client.destroy();
    await dynamo.close();
  }
}
