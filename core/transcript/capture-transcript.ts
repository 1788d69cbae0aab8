import type { CallAudio, CallAudioChunk } from "../ports/call-audio.ts";
import type { Clock } from "../ports/clock.ts";
import type { SpeechRecognizer } from "../ports/speech-recognizer.ts";
import type { TranscriptSegment } from "../ports/transcript-source.ts";
import type { TranscriptWriter } from "../ports/transcript-writer.ts";
import type { TranscriptionJob } from "../ports/transcription-launcher.ts";
import type { Redactor } from "../redaction/redactor.ts";

export interface CaptureDeps {
  readonly audio: CallAudio;
  readonly recognizer: SpeechRecognizer;
  readonly transcripts: TranscriptWriter;
  readonly redactor: Redactor;
  readonly clock: Clock;
}

/** One stored segment, with how long after the end of its speech it was stored. */
export interface StoredSegment {
  readonly segment: TranscriptSegment;
  readonly endOffsetMs: number;
  /** Known when the job carries the stream's start time. */
  readonly lagMs?: number;
}

export interface CaptureReport {
  readonly segments: readonly StoredSegment[];
  /** Caller audio read, in milliseconds. */
  readonly audioMs: number;
  /** Why listening stopped: the call's audio ended, or `stopListening` fired (time cap). */
  readonly stoppedBy: "audio-ended" | "stopped";
}

// A gap in the stream (a lost fragment) is filled with silence up to this long, so the
// recognizer's clock stays on the call's. A longer gap is not worth the bytes; times after
// it come out early by the gap.
const MAX_GAP_FILL_MS = 5000;

/**
 * Listens to the caller's side of a call and stores what they say, redacted, as transcript
 * segments timed from the start of the media stream. `stopListening` ends the audio (the
 * time cap): what was heard until then is still recognised and stored. `abort` stops at once.
 */
export async function captureTranscript(
  deps: CaptureDeps,
  input: { job: TranscriptionJob; stopListening: AbortSignal; abort: AbortSignal },
): Promise<CaptureReport> {
  const { job } = input;
  const listening = AbortSignal.any([input.stopListening, input.abort]);
  const chunks = deps.audio.customerAudio(job.stream, listening)[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done) return { segments: [], audioMs: 0, stoppedBy: stopReason(input.stopListening) };
  const timeline = new AudioTimeline(first.value);
  const stored: StoredSegment[] = [];
  for await (const speech of deps.recognizer.recognize({
    audio: timeline.pcm(first.value, chunks),
    sampleRateHz: first.value.sampleRateHz,
    languageCode: job.languageCode,
    signal: input.abort,
  })) {
    const text = deps.redactor.redact(speech.text).trim();
    if (text.length === 0) continue;
    const segment: TranscriptSegment = {
      participant: "CUSTOMER",
      text,
      offsetMs: timeline.startOffsetMs + speech.startMs,
    };
    await deps.transcripts.putSegments(job.stream.contactId, [segment]);
    const endOffsetMs = timeline.startOffsetMs + speech.endMs;
    const storedAtMs = deps.clock.now().getTime();
    stored.push({
      segment,
      endOffsetMs,
      ...(job.streamStartedAtMs === undefined
        ? {}
        : { lagMs: storedAtMs - (job.streamStartedAtMs + endOffsetMs) }),
    });
  }
  return {
    segments: stored,
    audioMs: timeline.audioMs,
    stoppedBy: stopReason(input.stopListening),
  };
}

function stopReason(stopListening: AbortSignal): CaptureReport["stoppedBy"] {
  return stopListening.aborted ? "stopped" : "audio-ended";
}

/** Keeps the PCM handed to the recognizer on the stream's clock, filling short gaps. */
class AudioTimeline {
  readonly startOffsetMs: number;
  readonly #bytesPerMs: number;
  #nextOffsetMs: number;

  constructor(first: CallAudioChunk) {
    this.startOffsetMs = first.offsetMs;
    this.#nextOffsetMs = first.offsetMs;
    this.#bytesPerMs = (first.sampleRateHz * 2) / 1000;
  }

  get audioMs(): number {
    return this.#nextOffsetMs - this.startOffsetMs;
  }

  async *pcm(
    first: CallAudioChunk,
    rest: AsyncIterator<CallAudioChunk>,
  ): AsyncGenerator<Uint8Array> {
    yield* this.#place(first);
    for (let next = await rest.next(); !next.done; next = await rest.next()) {
      yield* this.#place(next.value);
    }
  }

  *#place(chunk: CallAudioChunk): Generator<Uint8Array> {
    const gapMs = chunk.offsetMs - this.#nextOffsetMs;
    if (gapMs > 0 && gapMs <= MAX_GAP_FILL_MS) {
      yield new Uint8Array(Math.round(gapMs * this.#bytesPerMs) & ~1);
    }
    this.#nextOffsetMs =
      Math.max(this.#nextOffsetMs, chunk.offsetMs) + chunk.pcm.length / this.#bytesPerMs;
    yield chunk.pcm;
  }
}
