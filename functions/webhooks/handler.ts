import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { webhooksConfigFromEnvironmentWithSecrets } from "../../config/webhooks-config.ts";
import { createWebhookHandler, type WebhookHandler } from "./webhook-handler.ts";
import { wireWebhooks } from "./wire.ts";

let wired: Promise<WebhookHandler> | undefined;

/** The Lambda entry point; dependencies are built on the first call of each cold start. */
export async function handler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  wired ??= build().catch((error: unknown) => {
    // A failed start (the secret unreadable) is retried by the next invocation.
    wired = undefined;
    throw error;
  });
  return (await wired)(event);
}

async function build(): Promise<WebhookHandler> {
  return createWebhookHandler(wireWebhooks(await webhooksConfigFromEnvironmentWithSecrets()));
}
