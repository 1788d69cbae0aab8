import {
  createCachedDynamoClient,
  createDocumentClients,
} from "../../adapters/dynamodb/document-client.ts";
import { DynamoCustomerDirectory } from "../../adapters/dynamodb/dynamo-customer-directory.ts";
import { DynamoFunnelRecorder } from "../../adapters/dynamodb/dynamo-funnel-recorder.ts";
import { DynamoIdempotencyStore } from "../../adapters/dynamodb/dynamo-idempotency-store.ts";
import {
  DynamoInboundInbox,
  INBOX_RETENTION_SECONDS,
} from "../../adapters/dynamodb/dynamo-inbound-inbox.ts";
import { DynamoSessionStore } from "../../adapters/dynamodb/dynamo-session-store.ts";
import type { WebhooksConfig } from "../../config/webhooks-config.ts";
import { type Clock, systemClock } from "../../core/ports/clock.ts";
import type { FunnelRecorder } from "../../core/ports/funnel-recorder.ts";
import { awsClientOptions } from "../shared/aws-client-options.ts";
import { CHANNEL_RECEIVERS } from "../shared/channel-receivers.ts";
import { channelsFrom } from "../shared/channels-from.ts";
import { funnelFanOut } from "../shared/funnel-fan-out.ts";
import { maskedLogger } from "../shared/masked-logger.ts";
import type { WebhookHandlerDeps } from "./webhook-handler.ts";

/** Builds every dependency of the webhook function from its configuration, once. */
export function wireWebhooks(
  config: WebhooksConfig,
  options: {
    clock?: Clock;
    logger?: WebhookHandlerDeps["logger"];
    /** Also records the funnel here (the Lambda's CloudWatch metrics), besides the table. */
    funnelMetrics?: FunnelRecorder;
  } = {},
): WebhookHandlerDeps {
  const clock = options.clock ?? systemClock;
  const dynamoOptions = awsClientOptions(config.region, config.dynamoEndpoint);
  const { documentClient } = createDocumentClients(dynamoOptions);
  const tableName = config.tableName;
  return {
    // Verify and parse only: the function makes no vendor call, so has no retry to log.
    channels: channelsFrom(config, { clock, receivers: CHANNEL_RECEIVERS }),
    sessions: new DynamoSessionStore({ documentClient, tableName, clock }),
    claims: new DynamoIdempotencyStore({ documentClient, tableName, clock }),
    customers: new DynamoCustomerDirectory({ documentClient, tableName }),
    inbox: new DynamoInboundInbox({
      client: createCachedDynamoClient(dynamoOptions),
      tableName,
      clock,
      // The item is also what turns a redelivery away, so it lasts the whole dedupe window.
      ttlSeconds: Math.max(INBOX_RETENTION_SECONDS, config.dedupeTtlSeconds),
    }),
    clock,
    dedupeTtlSeconds: config.dedupeTtlSeconds,
    funnel: funnelFanOut(
      new DynamoFunnelRecorder({ documentClient, tableName }),
      options.funnelMetrics,
    ),
    platformAnswersKeywords: new Set(config.twilio?.smsKeywordReplies === "ours" ? [] : ["sms"]),
    publicBaseUrl: config.publicBaseUrl,
    logger: options.logger ?? maskedLogger("webhooks"),
  };
}
