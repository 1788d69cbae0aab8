import type { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import { EmfFunnelRecorder } from "../../adapters/cloudwatch/emf-funnel-recorder.ts";
import { METRIC_NAMESPACE, type ServiceName } from "../../config/metric-names.ts";
import { maskedLogger } from "./masked-logger.ts";

/** What a function logs and counts with; made once per cold start. */
export interface Observability {
  /** Powertools' Logger with Lambda's context; phone numbers and handles masked. */
  readonly logger: Logger;
  /** The function's own counts (FUNCTION_METRICS), under its `service` dimension. */
  readonly metrics: Metrics;
  /** Funnel stages as metrics; the function's wiring records into it besides the table. */
  readonly funnelMetrics: EmfFunnelRecorder;
}

export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R>;

export interface LambdaEntryOptions<E, R> {
  readonly service: ServiceName;
  /** Builds the function's handler from its configuration, once per cold start. */
  build(observability: Observability): Promise<LambdaHandler<E, R>>;
  /** The contact (voice or chat) the event is about, where the event alone names it. */
  correlationId?(event: E): string | undefined;
}

/**
 * A Lambda entry point, the one place each function's cold start is remembered: the handler
 * is built on the first invocation (a failed start, such as an unreadable secret, is retried
 * by the next), every log line carries Lambda's context and the contact as correlation id, and
 * the invocation's metrics are written once as it ends, whether it answered or threw.
 */
export function lambdaEntry<E, R>(options: LambdaEntryOptions<E, R>): LambdaHandler<E, R> {
  const observability: Observability = {
    logger: maskedLogger(options.service),
    metrics: new Metrics({ namespace: METRIC_NAMESPACE, serviceName: options.service }),
    funnelMetrics: new EmfFunnelRecorder({ namespace: METRIC_NAMESPACE }),
  };
  let wired: Promise<LambdaHandler<E, R>> | undefined;
  return async (event, context) => {
    const { logger, metrics, funnelMetrics } = observability;
    // Keys of the previous invocation (its correlation id) must not leak into this one.
    logger.resetKeys();
    logger.addContext(context);
    const correlationId = options.correlationId?.(event);
    if (correlationId) logger.setCorrelationId(correlationId);
    try {
      wired ??= options.build(observability).catch((error: unknown) => {
        wired = undefined;
        throw error;
      });
      return await (await wired)(event, context);
    } finally {
      funnelMetrics.publish();
      // Powertools warns on an empty publish; most invocations count nothing of their own.
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}
