import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { webhooksConfigFromEnvironment } from "../../config/webhooks-config.ts";
import { createWebhookHandler, type WebhookHandler } from "./webhook-handler.ts";
import { wireWebhooks } from "./wire.ts";

let wired: WebhookHandler | undefined;

/** The Lambda entry point; dependencies are built on the first call of each cold start. */
export async function handler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  wired ??= createWebhookHandler(wireWebhooks(webhooksConfigFromEnvironment()));
  return wired(event);
}
