import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { NotFoundError } from "../../core/errors.ts";
import { processWebhook, type WebhookDeps } from "../../core/inbound/process-webhook.ts";
import type { FunctionMetrics } from "../shared/function-metrics.ts";
import { acknowledgement } from "./acknowledgement.ts";
import { type ErrorLogger, errorResponse } from "./error-response.ts";
import { parseWebhookEvent } from "./webhook-event.ts";

export interface WebhookHandlerDeps extends WebhookDeps {
  readonly publicBaseUrl: string;
  readonly logger: ErrorLogger;
  /** Counts the 5xx answers (the platform retries them). */
  readonly metrics?: FunctionMetrics;
}

export type WebhookHandler = (event: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * `ANY /webhooks/{channel}`: the POSTed events of every channel and the GET handshakes
 * (Meta's verify, X's CRC). Parse the event → the pipeline → the platform's answer.
 */
export function createWebhookHandler(deps: WebhookHandlerDeps): WebhookHandler {
  return async (event) => {
    try {
      const { channel, request } = parseWebhookEvent(event, deps.publicBaseUrl);
      const adapter = deps.channels.get(channel);
      if (!adapter) throw new NotFoundError(`channel "${channel}" is not configured`);
      return acknowledgement(channel, await processWebhook(deps, adapter, request));
    } catch (error) {
      return errorResponse(error, deps);
    }
  };
}
