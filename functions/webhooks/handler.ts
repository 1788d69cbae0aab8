import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { webhooksConfigFromEnvironmentWithSecrets } from "../../config/webhooks-config.ts";
import { lambdaEntry } from "../shared/lambda-entry.ts";
import { createWebhookHandler } from "./webhook-handler.ts";
import { wireWebhooks } from "./wire.ts";

/**
 * The webhook API's Lambda entry point. No correlation id: which contact a platform's event
 * belongs to is known only once the pipeline has found its session.
 */
export const handler = lambdaEntry<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>({
  service: "webhooks",
  async build({ logger, metrics, funnelMetrics }) {
    const config = await webhooksConfigFromEnvironmentWithSecrets();
    return createWebhookHandler({ ...wireWebhooks(config, { logger, funnelMetrics }), metrics });
  },
});
