import { randomUUID } from "node:crypto";
import { ConnectClient } from "@aws-sdk/client-connect";
import { ConnectQueueMetrics } from "../../adapters/connect/connect-queue-metrics.ts";
import { paceClient } from "../../adapters/connect/paced-calls.ts";
import { createDocumentClients } from "../../adapters/dynamodb/document-client.ts";
import { DynamoCustomerDirectory } from "../../adapters/dynamodb/dynamo-customer-directory.ts";
import { DynamoFunnelRecorder } from "../../adapters/dynamodb/dynamo-funnel-recorder.ts";
import { DynamoIdempotencyStore } from "../../adapters/dynamodb/dynamo-idempotency-store.ts";
import { DynamoMetricSnapshotStore } from "../../adapters/dynamodb/dynamo-metric-snapshot-store.ts";
import { DynamoSessionStore } from "../../adapters/dynamodb/dynamo-session-store.ts";
import { DynamoThresholdPolicyStore } from "../../adapters/dynamodb/dynamo-threshold-policy-store.ts";
import type { ChannelsConfig } from "../../config/channels-config.ts";
import type { DeflectConfig } from "../../config/deflect-config.ts";
import type { ChannelKind } from "../../core/channel.ts";
import { ChannelHealth } from "../../core/deflection/channel-health.ts";
import type { DeflectionDeps } from "../../core/deflection/deflection-deps.ts";
import { CachedPolicyStore } from "../../core/policy/cached-policy-store.ts";
import { type Clock, systemClock } from "../../core/ports/clock.ts";
import type { FunnelRecorder } from "../../core/ports/funnel-recorder.ts";
import type { OutboundChannel } from "../../core/ports/messenger-channel.ts";
import { CachedQueueMetrics } from "../../core/wait/cached-queue-metrics.ts";
import { TokenBucket } from "../../core/wait/token-bucket.ts";
import { awsClientOptions, connectClientOptions } from "../shared/aws-client-options.ts";
import { CHANNEL_SENDERS } from "../shared/channel-senders.ts";
import { channelsFrom, type SendLimits } from "../shared/channels-from.ts";
import { connectPacer } from "../shared/connect-pacing.ts";
import { funnelFanOut } from "../shared/funnel-fan-out.ts";
import type { RetryLogger } from "../shared/retry-log.ts";

/**
 * The share of the flow's answer budget the first message's send may take; the claim, the
 * session and customer reads and the writes after the send take the rest.
 */
const SEND_SHARE = 2 / 3;

/**
 * How long one send may take inside the flow's answer budget (DEFLECT_BUDGET_MS, itself under
 * the flow's 8 s, protocols.md §1.3). Retries start only in the first half of the send's share,
 * and an attempt lasts at most the other half, so the send ends within its share whatever the
 * vendor does and the flow hears the true outcome.
 */
export function sendLimitsWithin(answerBudgetMs: number): SendLimits {
  const sendMs = Math.floor(answerBudgetMs * SEND_SHARE);
  const timeoutMs = Math.floor(sendMs / 2);
  return { timeoutMs, budgetMs: sendMs - timeoutMs };
}

/** The channels deflect sends first messages on: bounded by the flow's budget, retries logged. */
export function deflectChannels(
  config: ChannelsConfig,
  options: { budgetMs: number; clock: Clock; logger: RetryLogger },
): Map<ChannelKind, OutboundChannel> {
  const { budgetMs, clock, logger } = options;
  return channelsFrom(config, {
    clock,
    logger,
    sendLimits: sendLimitsWithin(budgetMs),
    senders: CHANNEL_SENDERS,
  });
}

/**
 * Builds the deflect function's dependencies from its configuration, once per cold start.
 * Endpoints come from the configuration, so the same wiring serves AWS and the emulators.
 */
export function wireDeflection(options: {
  config: DeflectConfig;
  channels: ReadonlyMap<ChannelKind, OutboundChannel>;
  clock?: Clock;
  /** Also records the funnel here (the Lambda's CloudWatch metrics), besides the table. */
  funnelMetrics?: FunnelRecorder;
}): DeflectionDeps {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const { documentClient } = createDocumentClients(
    awsClientOptions(config.region, config.dynamoEndpoint),
  );
  const table = { documentClient, tableName: config.tableName };
  const connect = new ConnectClient({
    ...connectClientOptions(config.region, config.connectEndpoint),
    // Retries stay inside the flow's budget: one retry, then the cache serves what it has.
    maxAttempts: 2,
  });
  // Per-contact estimates never wait for their shared budget: without a token the queue's
  // estimate answers. GetCurrentMetricData has its own lease and bucket (CachedQueueMetrics).
  paceClient(connect, connectPacer({ ...table, pacing: config.connectPacing, maxWaitMs: 1_000 }));
  return {
    policies: new CachedPolicyStore({
      store: new DynamoThresholdPolicyStore(table),
      clock,
      ttlMs: config.metricsRefreshMs,
    }),
    customers: new DynamoCustomerDirectory(table),
    sessions: new DynamoSessionStore({ ...table, clock }),
    claims: new DynamoIdempotencyStore({ ...table, clock }),
    funnel: funnelFanOut(new DynamoFunnelRecorder(table), options.funnelMetrics),
    metrics: new CachedQueueMetrics({
      source: new ConnectQueueMetrics({
        client: connect,
        clock,
        averageHandleSeconds: config.averageHandleSeconds,
      }),
      snapshots: new DynamoMetricSnapshotStore({ ...table, clock }),
      clock,
      holderId: randomUUID(),
      refreshIntervalMs: config.metricsRefreshMs,
      queueBucket: new TokenBucket({
        ratePerSecond: config.metricsRatePerSecond,
        // Connect allows a burst of 8 account-wide; leases keep the steady rate per queue.
        burst: 5,
        clock,
      }),
      contactBucket: new TokenBucket({
        ratePerSecond: config.contactMetricsRatePerSecond,
        burst: Math.max(1, Math.ceil(config.contactMetricsRatePerSecond)),
        clock,
      }),
    }),
    channels: options.channels,
    health: new ChannelHealth({ clock }),
    clock,
    settings: {
      ...(config.defaultCountry ? { defaultCountry: config.defaultCountry } : {}),
      firstMessage: {
        sms: { brandName: config.brandName },
        whatsapp: {
          brandName: config.brandName,
          ...(config.whatsAppTemplateSid ? { templateId: config.whatsAppTemplateSid } : {}),
        },
        messenger: { brandName: config.brandName },
        x: { brandName: config.brandName },
        telegram: { brandName: config.brandName },
        line: { brandName: config.brandName },
      },
    },
  };
}
