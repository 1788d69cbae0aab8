import { FUNCTION_METRICS } from "../../config/metric-names.ts";
import type { TranscribeConfig } from "../../config/transcribe-config.ts";
import type { Clock } from "../../core/ports/clock.ts";
import { contactFlowEventSchema } from "../shared/contact-flow-event.ts";
import type { FunctionMetrics } from "../shared/function-metrics.ts";
import { type StartAnswer, startTranscript } from "./start-handler.ts";
import {
  createTranscribeHandler,
  type TranscribeLogger,
  type WorkerContext,
} from "./transcribe-handler.ts";
import { wireTranscribe } from "./wire.ts";

/** Lambda's context as this function reads it: its own ARN, to start itself asynchronously. */
export interface TranscribeContext extends WorkerContext {
  readonly invokedFunctionArn: string;
}

/**
 * One function in two roles, so the deflect function's bundle carries no Lambda client: the
 * flow invokes it synchronously to start (it answers at once and invokes itself
 * asynchronously with the job), and that invocation is the worker, which listens to the call.
 */
export function createTranscribeFunction(options: {
  config: TranscribeConfig;
  logger: TranscribeLogger;
  /** Counts the events it drops and the workers it could not start. */
  metrics?: FunctionMetrics;
  clock?: Clock;
}) {
  const { logger } = options;
  const wired = wireTranscribe(options);
  const handledError = () => options.metrics?.addMetric(FUNCTION_METRICS.handledErrors, "Count", 1);
  const worker = createTranscribeHandler({
    capture: wired.capture,
    capMs: options.config.capSeconds * 1000,
    logger,
    onDropped: handledError,
  });
  return async (event: unknown, context: TranscribeContext): Promise<StartAnswer | undefined> => {
    if (!isFlowEvent(event)) {
      await worker(event, context);
      return undefined;
    }
    const parsed = contactFlowEventSchema.safeParse(event);
    if (!parsed.success) {
      logger.warn("bad contact-flow event", { issues: parsed.error.issues.slice(0, 5) });
      handledError();
      return { transcribing: "false", reason: "BAD_EVENT" };
    }
    const answer = await startTranscript({
      deps: wired.starter(context.invokedFunctionArn),
      event: parsed.data,
      logger,
    });
    if (answer.reason === "INTERNAL_ERROR") handledError();
    return answer;
  };
}

function isFlowEvent(event: unknown): boolean {
  return typeof event === "object" && event !== null && "Details" in event;
}
