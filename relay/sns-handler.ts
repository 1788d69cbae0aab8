import * as z from "zod";
import { FUNCTION_METRICS, type FunctionMetricName } from "../config/metric-names.ts";
import { DependencyFailedError, InvalidInputError } from "../core/errors.ts";
import { describeIssues } from "../core/policy/queue-policy.ts";
import type { ChatItem } from "../core/relay/chat-item.ts";
import type { RelayOutcome } from "../core/relay/relay-outcome.ts";
import type { FunctionMetrics } from "../functions/shared/function-metrics.ts";
import type { RelayLogger } from "./relay-logger.ts";
import { errorCode, isRetryable } from "./retry-policy.ts";
import { parseSnsChatItem } from "./sns-chat-item.ts";

/** The SNS → Lambda event (aws-lambda's SNSEvent); only what the relay reads is checked. */
const snsEventSchema = z.object({
  Records: z.array(
    z.object({
      Sns: z.object({
        MessageId: z.string(),
        Message: z.string(),
        MessageAttributes: z.unknown(),
      }),
    }),
  ),
});

export type RelayItem = (item: ChatItem) => Promise<RelayOutcome>;

/** The chat an SNS event is about (SNS invokes Lambda with one record), read for logs. */
export function snsChatContactId(event: unknown): string | undefined {
  const parsed = snsEventSchema.safeParse(event);
  const record = parsed.success ? parsed.data.Records[0] : undefined;
  if (!record) return undefined;
  try {
    const { Message, MessageAttributes } = record.Sns;
    return parseSnsChatItem({ message: Message, attributes: MessageAttributes }).contactId;
  } catch {
    return undefined;
  }
}

/**
 * The SNS-subscribed Lambda: each record is relayed on its own. Records that cannot succeed
 * are logged once and dropped; if any record can succeed later, the invocation throws at
 * the end so Lambda retries it (records already relayed answer "duplicate" then).
 */
export function createSnsHandler(deps: {
  relay: RelayItem;
  logger: RelayLogger;
  /** Counts dropped records (handled errors), retries and undeliverable agent messages. */
  metrics?: FunctionMetrics;
}) {
  const count = (name: FunctionMetricName) => deps.metrics?.addMetric(name, "Count", 1);
  return async (event: unknown): Promise<{ outcomes: RelayOutcome[] }> => {
    const parsed = snsEventSchema.safeParse(event);
    if (!parsed.success) {
      const error = new InvalidInputError(`not an SNS event: ${describeIssues(parsed.error)}`);
      deps.logger.error("relay dropped an event", { code: error.code, error: error.message });
      count(FUNCTION_METRICS.handledErrors);
      return { outcomes: [] };
    }
    const outcomes: RelayOutcome[] = [];
    const retry: string[] = [];
    for (const { Sns } of parsed.data.Records) {
      try {
        const item = parseSnsChatItem({ message: Sns.Message, attributes: Sns.MessageAttributes });
        const outcome = await deps.relay(item);
        if (outcome.action === "not-delivered") count(FUNCTION_METRICS.undeliverable);
        outcomes.push(outcome);
      } catch (error) {
        const extra = { messageId: Sns.MessageId, code: errorCode(error), error };
        if (isRetryable(error)) {
          retry.push(Sns.MessageId);
          deps.logger.warn("relay will retry a notification", extra);
          count(FUNCTION_METRICS.retries);
        } else {
          deps.logger.error("relay dropped a notification", extra);
          count(FUNCTION_METRICS.handledErrors);
        }
      }
    }
    if (retry.length > 0) {
      throw new DependencyFailedError(`${retry.length} notification(s) to retry`, {
        details: { messageIds: retry },
      });
    }
    return { outcomes };
  };
}
