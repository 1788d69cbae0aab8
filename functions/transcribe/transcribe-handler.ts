import type { Logger } from "../../core/ports/logger.ts";
import type { TranscriptionJob } from "../../core/ports/transcription-launcher.ts";
import { type CaptureDeps, captureTranscript } from "../../core/transcript/capture-transcript.ts";
import { transcriptionEventSchema, transcriptionJob } from "./transcription-event.ts";

/** The part of the one Logger (core/ports/logger.ts) this edge calls. */
export type TranscribeLogger = Logger;

/** Lambda's context, as far as the worker needs it. */
export interface WorkerContext {
  getRemainingTimeInMillis(): number;
}

export interface TranscribeHandlerOptions {
  readonly capture: CaptureDeps;
  /** The longest the worker listens to one call. */
  readonly capMs: number;
  readonly logger: TranscribeLogger;
  /** Told of each event dropped as unreadable. */
  readonly onDropped?: () => void;
}

// After the cap, the recognizer gets this long to return what it heard before Lambda's end.
const FLUSH_MS = 10_000;

/**
 * The transcript worker, started asynchronously per call by the deflect function. It listens
 * until the caller's audio ends (they left the IVR or hung up) or the cap passes, then returns.
 * A bad event is logged and dropped: an asynchronous retry could not fix it.
 */
export function createTranscribeHandler(options: TranscribeHandlerOptions) {
  return async (rawEvent: unknown, context?: WorkerContext): Promise<void> => {
    const parsed = transcriptionEventSchema.safeParse(rawEvent);
    if (!parsed.success) {
      options.logger.warn("bad transcription event", { issues: parsed.error.issues.slice(0, 5) });
      options.onDropped?.();
      return;
    }
    const job: TranscriptionJob = transcriptionJob(parsed.data);
    const remaining = context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY;
    const listenMs = Math.max(0, Math.min(options.capMs, remaining - FLUSH_MS));
    const report = await captureTranscript(options.capture, {
      job,
      stopListening: AbortSignal.timeout(listenMs),
      abort: AbortSignal.timeout(Math.max(listenMs, remaining - 1000)),
    });
    const lags = report.segments.flatMap((s) => (s.lagMs === undefined ? [] : [s.lagMs]));
    options.logger.info("transcript captured", {
      contactId: job.stream.contactId,
      segments: report.segments.length,
      audioMs: Math.round(report.audioMs),
      stoppedBy: report.stoppedBy,
      ...(lags.length > 0 ? { maxLagMs: Math.max(...lags) } : {}),
    });
  };
}
