import { FUNCTION_METRICS, type FunctionMetricName } from "../../config/metric-names.ts";
import { isDeflectError } from "../../core/errors.ts";
import { type ResumeResult, resumeChat } from "../../core/resume/resume-chat.ts";
import type { ResumeDeps } from "../../core/resume/resume-deps.ts";
import { RouteMemo } from "../../core/resume/send-on-live-route.ts";
import type { FunctionMetrics } from "../shared/function-metrics.ts";
import {
  customerReply,
  type InboxItem,
  inboxItemSchema,
  parseInboxImage,
  type StreamEvent,
  streamEventSchema,
} from "./inbox-record.ts";

/** The part of a structured logger (Powertools' Logger) the handler uses. */
export interface ResumeLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** Lambda's partial batch response for stream sources (ReportBatchItemFailures). */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

// Failures a retry cannot fix: the record is logged and dropped so it does not block the
// customer's later messages behind it forever.
const DROP_CODES = new Set(["INVALID_INPUT", "ILLEGAL_TRANSITION", "NOT_FOUND"]);

/**
 * The resume function. Takes either one INBOX# item (a direct invoke) or a DynamoDB stream
 * batch of them. A stream batch stops at the first retryable failure and reports it and
 * everything after it, so Lambda retries from there and a customer's messages keep order.
 */
export function createResumeHandler(options: {
  resume: ResumeDeps;
  logger: ResumeLogger;
  /** Counts dropped messages (handled errors) and stream retries. */
  metrics?: FunctionMetrics;
}) {
  const { logger } = options;
  const count = (name: FunctionMetricName) => options.metrics?.addMetric(name, "Count", 1);
  const one = async (item: InboxItem, memo?: RouteMemo): Promise<ResumeResult> => {
    const result = await resumeChat(options.resume, customerReply(item), memo ? { memo } : {});
    logger.info("resume routed a message", {
      ...result,
      sk: item.sk,
      // The voice contact, as deflect's lines carry it: Powertools' correlation key, for this
      // line only, since one stream batch carries several customers' messages.
      ...(result.voiceContactId ? { correlation_id: result.voiceContactId } : {}),
    });
    return result;
  };
  return async (event: unknown): Promise<ResumeResult | BatchResponse | undefined> => {
    const stream = streamEventSchema.safeParse(event);
    if (stream.success) return processStream(stream.data, { one, logger, count });
    const direct = inboxItemSchema.safeParse(event);
    if (!direct.success) {
      logger.warn("resume got an event it cannot read", {
        issues: direct.error.issues.slice(0, 5),
      });
      count(FUNCTION_METRICS.handledErrors);
      return undefined;
    }
    return one(direct.data);
  };
}

async function processStream(
  event: StreamEvent,
  options: {
    one: (item: InboxItem, memo: RouteMemo) => Promise<ResumeResult>;
    logger: ResumeLogger;
    count: (name: FunctionMetricName) => void;
  },
): Promise<BatchResponse> {
  const { logger, count } = options;
  // A customer's messages in one batch find their chat's route once.
  const memo = new RouteMemo();
  for (const [index, record] of event.Records.entries()) {
    const pk = record.dynamodb?.Keys?.pk?.S ?? "";
    if (record.eventName !== "INSERT" || !pk.startsWith("INBOX#")) continue;
    const parsed = parseInboxImage(record.dynamodb?.NewImage);
    if (!parsed.success) {
      logger.warn("dropping an inbox record resume cannot read", {
        issues: parsed.error.issues.slice(0, 5),
      });
      count(FUNCTION_METRICS.handledErrors);
      continue;
    }
    try {
      await options.one(parsed.data, memo);
    } catch (error) {
      if (isDeflectError(error) && DROP_CODES.has(error.code)) {
        logger.error("dropping an inbox message resume cannot route", {
          error,
          sk: parsed.data.sk,
        });
        count(FUNCTION_METRICS.handledErrors);
        continue;
      }
      logger.warn("resume will retry from this message", { error, sk: parsed.data.sk });
      count(FUNCTION_METRICS.retries);
      return { batchItemFailures: remaining(event, index) };
    }
  }
  return { batchItemFailures: [] };
}

function remaining(event: StreamEvent, from: number): { itemIdentifier: string }[] {
  return event.Records.slice(from).flatMap((record) => {
    const id = record.dynamodb?.SequenceNumber;
    return id ? [{ itemIdentifier: id }] : [];
  });
}
