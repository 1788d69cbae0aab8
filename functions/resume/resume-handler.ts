import { FUNCTION_METRICS, type FunctionMetricName } from "../../config/metric-names.ts";
import { DRAIN_WAITING_LINE_EVENT } from "../../config/scheduled-events.ts";
import type { Logger } from "../../core/ports/logger.ts";
import {
  type DrainReport,
  drainWaitingLine,
  isUnroutable,
} from "../../core/resume/drain-waiting-line.ts";
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

/** The part of the one Logger (core/ports/logger.ts) this edge calls. */
export type ResumeLogger = Logger;

/** Lambda's partial batch response for stream sources (ReportBatchItemFailures). */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * The resume function. Takes either one INBOX# item (a direct invoke) or a DynamoDB stream
 * batch of them, customers side by side and each one's messages in order (processStream).
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
  return async (
    event: unknown,
  ): Promise<ResumeResult | BatchResponse | DrainReport | undefined> => {
    if (isDrainEvent(event)) return drain(options.resume, { logger, count });
    const stream = streamEventSchema.safeParse(event);
    if (stream.success) {
      return processStream(stream.data, { resume: options.resume, one, logger, count });
    }
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

function isDrainEvent(event: unknown): boolean {
  return (event as { deflect?: unknown } | null)?.deflect === DRAIN_WAITING_LINE_EVENT.deflect;
}

async function drain(
  resume: ResumeDeps,
  parts: Pick<StreamParts, "logger" | "count">,
): Promise<DrainReport> {
  const report = await drainWaitingLine(resume);
  const { failures, ...figures } = report;
  for (const { voiceContactId, error } of failures) {
    parts.logger.warn("a session stays in line after a failure", {
      error,
      correlation_id: voiceContactId,
    });
    parts.count(FUNCTION_METRICS.retries);
  }
  for (let i = 0; i < report.dropped; i += 1) parts.count(FUNCTION_METRICS.handledErrors);
  if (figures.routed > 0 || figures.waiting > 0)
    parts.logger.info("drained the waiting line", figures);
  return report;
}

interface StreamParts {
  readonly resume: ResumeDeps;
  readonly one: (item: InboxItem, memo: RouteMemo) => Promise<ResumeResult>;
  readonly logger: ResumeLogger;
  readonly count: (name: FunctionMetricName) => void;
}

/**
 * A batch holds several customers' messages (one INBOX# partition each). Customers are
 * routed side by side, each one's messages in order, and their routes are read in one
 * request first. A customer whose message needs a retry stops there; the batch reports
 * every record from the earliest such message on, since Lambda checkpoints at the lowest
 * sequence number reported and delivers everything after it again. Messages after it that
 * went through are then routed twice, which their ClientTokens make harmless.
 */
async function processStream(event: StreamEvent, parts: StreamParts): Promise<BatchResponse> {
  const customers = new Map<string, { index: number; item: InboxItem }[]>();
  for (const [index, record] of event.Records.entries()) {
    const pk = record.dynamodb?.Keys?.pk?.S ?? "";
    if (record.eventName !== "INSERT" || !pk.startsWith("INBOX#")) continue;
    const parsed = parseInboxImage(record.dynamodb?.NewImage);
    if (!parsed.success) {
      parts.logger.warn("dropping an inbox record resume cannot read", {
        issues: parsed.error.issues.slice(0, 5),
      });
      parts.count(FUNCTION_METRICS.handledErrors);
      continue;
    }
    const messages = customers.get(pk) ?? [];
    customers.set(pk, messages);
    messages.push({ index, item: parsed.data });
  }
  const memo = new RouteMemo();
  const firsts = [...customers.values()].map(([first]) => first?.item as InboxItem);
  try {
    await memo.fill(
      parts.resume,
      firsts.map((item) => customerReply(item).from),
    );
  } catch (error) {
    // Each message then reads its own route, as without a batch.
    parts.logger.warn("resume could not read the batch's routes at once", { error });
  }
  const retryFrom = await Promise.all(
    [...customers.values()].map((messages) => routeInOrder(messages, memo, parts)),
  );
  const earliest = Math.min(...retryFrom.filter((index) => index !== undefined));
  return { batchItemFailures: Number.isFinite(earliest) ? remaining(event, earliest) : [] };
}

/** One customer's messages in order; answers the index of the first to retry, if any. */
async function routeInOrder(
  messages: readonly { index: number; item: InboxItem }[],
  memo: RouteMemo,
  parts: StreamParts,
): Promise<number | undefined> {
  const { logger, count } = parts;
  for (const { index, item } of messages) {
    try {
      await parts.one(item, memo);
    } catch (error) {
      // A failure a retry cannot fix: dropped, so the customer's later messages go on.
      if (isUnroutable(error)) {
        logger.error("dropping an inbox message resume cannot route", { error, sk: item.sk });
        count(FUNCTION_METRICS.handledErrors);
        continue;
      }
      logger.warn("resume will retry from this message", { error, sk: item.sk });
      count(FUNCTION_METRICS.retries);
      return index;
    }
  }
  return undefined;
}

function remaining(event: StreamEvent, from: number): { itemIdentifier: string }[] {
  return event.Records.slice(from).flatMap((record) => {
    const id = record.dynamodb?.SequenceNumber;
    return id ? [{ itemIdentifier: id }] : [];
  });
}
