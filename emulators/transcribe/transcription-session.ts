import { randomUUID } from "node:crypto";
import type { ServerHttp2Stream } from "node:http2";
import type { RecognitionResult, SpeechEngine } from "../speech/index.ts";
import { exceptionMessage, inboundEvents, transcriptEventMessage } from "./event-stream.ts";
import { TranscribeError, transcribeErrors } from "./transcribe-errors.ts";
import type { StreamSettings } from "./transcribe-request.ts";
import { transcriptEvent } from "./transcript-event.ts";

/** One StartStreamTranscription call, as the emulator saw it. */
export interface TranscriptionSessionRecord {
  readonly sessionId: string;
  readonly languageCode: string | undefined;
  readonly sampleRateHz: number;
  readonly startedAt: number;
  /** Final results sent, in order. */
  readonly finals: RecognitionResult[];
  partials: number;
  audioBytes: number;
  /** How the stream ended: still open, the audio ended, an exception, or the client left. */
  outcome: "open" | "completed" | "exception" | "aborted";
  error?: string;
}

export interface SessionOptions {
  readonly speech: SpeechEngine;
  readonly endOfUtteranceSeconds: number;
  readonly noAudioTimeoutMs: number;
  readonly partialResults: boolean;
}

/**
 * Serves one stream: headers back at once, then TranscriptEvents as the audio arrives, then
 * the end of the response once the client ends its audio (or an exception event).
 */
export function runTranscriptionSession(
  stream: ServerHttp2Stream,
  settings: StreamSettings,
  options: SessionOptions,
): TranscriptionSessionRecord {
  const record: TranscriptionSessionRecord = {
    sessionId: settings.sessionId,
    languageCode: settings.languageCode,
    sampleRateHz: settings.sampleRateHz,
    startedAt: Date.now(),
    finals: [],
    partials: 0,
    audioBytes: 0,
    outcome: "open",
  };
  stream.respond({
    ":status": 200,
    "content-type": "application/vnd.amazon.eventstream",
    "x-amzn-request-id": randomUUID(),
    ...settings.echoed,
  });
  const recognizer = options.speech.createRecognizer({
    sampleRateHz: settings.sampleRateHz,
    endOfUtteranceSeconds: options.endOfUtteranceSeconds,
    partialResults: options.partialResults,
    ...(settings.languageCode ? { languageCode: settings.languageCode } : {}),
  });
  const maxChunkBytes = settings.sampleRateHz * 2;
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  const send = (results: readonly RecognitionResult[]) => {
    for (const result of results) {
      if (result.isPartial) record.partials++;
      else record.finals.push(result);
      stream.write(
        transcriptEventMessage(
          transcriptEvent(result, { stabilization: settings.partialStabilization }),
        ),
      );
    }
  };
  const stop = (outcome: TranscriptionSessionRecord["outcome"], error?: TranscribeError) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    record.outcome = outcome;
    if (error) {
      record.error = `${error.errorName}: ${error.message}`;
      if (!stream.destroyed) stream.end(exceptionMessage(error));
    } else if (!stream.destroyed) {
      stream.end();
    }
    // Whatever the client still sends is read and dropped.
    stream.resume();
  };
  const armTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => stop("exception", transcribeErrors.noAudio(options.noAudioTimeoutMs / 1000)),
      options.noAudioTimeoutMs,
    );
  };
  armTimer();
  const consume = async () => {
    for await (const event of inboundEvents(stream.iterator({ destroyOnReturn: false }))) {
      if (done) return;
      if (event.kind === "end") break;
      if (event.kind !== "audio") continue;
      if (event.chunk.length > maxChunkBytes) {
        const seconds = (event.chunk.length / maxChunkBytes).toFixed(2);
        throw transcribeErrors.badRequest(
          `An audio chunk holds at most 1 second of audio (${maxChunkBytes} bytes at this sample rate); this one holds ${seconds} s`,
        );
      }
      record.audioBytes += event.chunk.length;
      armTimer();
      send(recognizer.pushBytes(event.chunk));
    }
    // The end-of-audio frame, or the body ended without one: finish all the same.
    if (done) return;
    send(recognizer.end());
    stop("completed");
  };
  consume().catch((error: unknown) => {
    const reason =
      error instanceof TranscribeError
        ? error
        : transcribeErrors.badRequest("The request body is not a valid event stream");
    stop("exception", reason);
  });
  stream.on("close", () => {
    if (!done) stop("aborted");
  });
  return record;
}
