import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { inject } from "vitest";
import { DynamoCustomerDirectory } from "../../adapters/dynamodb/dynamo-customer-directory.ts";
import { DynamoFunnelRecorder } from "../../adapters/dynamodb/dynamo-funnel-recorder.ts";
import { DynamoSessionStore } from "../../adapters/dynamodb/dynamo-session-store.ts";
import { ENV } from "../../config/environment-names.ts";
import { loadWebhooksConfig } from "../../config/webhooks-config.ts";
import {
  type LambdaHttpBridge,
  startLambdaHttpBridge,
} from "../../emulators/api-gateway/lambda-http-bridge.ts";
import {
  createWebhookHandler,
  type WebhookHandler,
} from "../../functions/webhooks/webhook-handler.ts";
import { wireWebhooks } from "../../functions/webhooks/wire.ts";
import { freshTable } from "../support/dynamo-table.ts";

/** A clock the test moves by hand, starting at the real now (platform timestamps are real). */
export class HarnessClock {
  #nowMs = Date.now();
  now(): Date {
    return new Date(this.#nowMs);
  }
  advance(ms: number): void {
    this.#nowMs += ms;
  }
}

export interface WebhookHarness {
  readonly bridge: LambdaHttpBridge;
  readonly handler: WebhookHandler;
  readonly clock: HarnessClock;
  readonly sessions: DynamoSessionStore;
  readonly customers: DynamoCustomerDirectory;
  readonly funnel: DynamoFunnelRecorder;
  readonly errors: unknown[];
  /** Every item in the table: a refused request must leave this unchanged. */
  itemCount(): Promise<number>;
  /** The inbox items recorded for one customer partition. */
  inboxItems(): Promise<Record<string, unknown>[]>;
  route(channel: string): string;
  close(): Promise<void>;
}

/**
 * The webhook function wired from an environment, as in Lambda, on a fresh dynalite table
 * and behind the API Gateway bridge. `env` adds the channel credentials under test.
 */
export async function startWebhookHarness(
  env: Record<string, string>,
  options: { base64?: boolean } = {},
): Promise<WebhookHarness> {
  const { client, documentClient, tableName } = await freshTable("webhooks");
  const bridge = await startLambdaHttpBridge(options);
  const clock = new HarnessClock();
  const errors: unknown[] = [];
  const config = loadWebhooksConfig({
    [ENV.tableName]: tableName,
    [ENV.dynamoEndpoint]: inject("dynamoEndpoint"),
    [ENV.webhookPublicBaseUrl]: bridge.url,
    ...env,
  });
  const logger = { error: (_: string, extra: Record<string, unknown>) => errors.push(extra) };
  const handler = createWebhookHandler(wireWebhooks(config, { clock, logger }));
  bridge.setHandler(handler);
  const scan = async () =>
    (await client.send(new ScanCommand({ TableName: tableName }))).Items ?? [];
  return {
    bridge,
    handler,
    clock,
    sessions: new DynamoSessionStore({ documentClient, tableName, clock }),
    customers: new DynamoCustomerDirectory({ documentClient, tableName }),
    funnel: new DynamoFunnelRecorder({ documentClient, tableName }),
    errors,
    itemCount: async () => (await scan()).length,
    inboxItems: async () =>
      (await scan())
        .filter((item) => item.pk?.S?.startsWith("INBOX#"))
        .map((item) =>
          Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v.S ?? v.N ?? v])),
        ),
    route: (channel) => `${bridge.url}/webhooks/${channel}`,
    close: () => bridge.close(),
  };
}

/** Sends a recorded webhook again with one part changed, straight to the bridge. */
export async function resend(
  delivery: {
    url: string;
    method?: string;
    headers: Readonly<Record<string, string>>;
    body: string;
  },
  change: { headers?: Record<string, string | undefined>; body?: string; url?: string } = {},
): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...delivery.headers, ...change.headers })) {
    if (value !== undefined) headers[name] = value;
  }
  const method = delivery.method ?? "POST";
  const response = await fetch(change.url ?? delivery.url, {
    method,
    headers,
    ...(method === "POST" ? { body: change.body ?? delivery.body } : {}),
  });
  return { status: response.status, body: await response.text() };
}

/** The body with one character replaced, keeping the length. */
export function flipOneByte(body: string, index = Math.floor(body.length / 2)): string {
  const at = Math.min(Math.max(index, 0), body.length - 1);
  const replacement = body[at] === "a" ? "b" : "a";
  return `${body.slice(0, at)}${replacement}${body.slice(at + 1)}`;
}
