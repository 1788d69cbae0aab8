import type { Clock, TimerHandle, WorkTracker } from "../../shared-http/clock.ts";
import { AudioTrack } from "../media/audio-track.ts";
import type { RecognizedSpeech, StreamRecognizer } from "./speech-recognition.ts";

/** One transcript segment of the caller, as ListRealtimeContactAnalysisSegments returns it. */
export interface AnalysedSegment {
  readonly id: string;
  readonly participantRole: "CUSTOMER";
  readonly content: string;
  /** From the start of the contact. */
  readonly beginOffsetMs: number;
  readonly endOffsetMs: number;
}

export interface AnalysisSessionOptions {
  readonly clock: Clock;
  readonly work?: WorkTracker;
  readonly recognizer: StreamRecognizer;
  /** When the analysed audio starts (the recogniser's time zero). */
  readonly streamStartMs: number;
  /** When the contact started: segment offsets count from here. */
  readonly contactStartMs: number;
  readonly windowMs: number;
}

/**
 * One contact's real-time analysis: the caller's audio is recognised window by window on the
 * emulator's clock, as it would arrive, and each final result becomes a segment then. It
 * completes when the contact ends, with the utterances heard in full by that moment.
 */
export class AnalysisSession {
  readonly segments: AnalysedSegment[] = [];
  readonly #track = new AudioTrack();
  #windowStartMs: number;
  #timer: TimerHandle | undefined;
  #work: Promise<void> = Promise.resolve();
  #finishing = false;
  #completed = false;

  constructor(private readonly options: AnalysisSessionOptions) {
    this.#windowStartMs = options.streamStartMs;
    this.#schedule();
  }

  /** True once the last audio has been recognised: no more segments will come. */
  get completed(): boolean {
    return this.#completed;
  }

  add(clip: { readonly startMs: number; readonly pcm: Promise<Int16Array> }): void {
    if (!this.#finishing) this.#track.add(clip.startMs, clip.pcm);
  }

  /** The contact ended: the audio up to now is the last the analysis hears. */
  finish(): Promise<void> {
    if (this.#finishing) return this.#work;
    this.#finishing = true;
    const { clock } = this.options;
    if (this.#timer) clock.clearTimeout(this.#timer);
    this.#analyse(this.#windowStartMs, Math.max(this.#windowStartMs, clock.now()), true);
    return this.#work;
  }

  #schedule(): void {
    const { clock, windowMs } = this.options;
    const endMs = this.#windowStartMs + windowMs;
    this.#timer = clock.setTimeout(() => {
      this.#analyse(this.#windowStartMs, endMs, false);
      if (!this.#finishing) this.#schedule();
    }, endMs - clock.now());
  }

  #analyse(fromMs: number, toMs: number, last: boolean): void {
    this.#windowStartMs = toMs;
    const { recognizer } = this.options;
    const step = this.#work
      .then(async () => {
        const bytes = await this.#track.mix(fromMs, toMs);
        const samples = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
        this.#keep(recognizer.push(samples));
        if (last) this.#keep(recognizer.end());
      })
      .catch((error: unknown) => console.error("Contact Lens analysis failed:", error))
      .finally(() => {
        if (last) this.#completed = true;
      });
    this.#work = this.options.work ? this.options.work.track(step) : step;
  }

  /** Final results only: Contact Lens segments are whole turns (partials are Utterances). */
  #keep(results: readonly RecognizedSpeech[]): void {
    const base = this.options.streamStartMs - this.options.contactStartMs;
    for (const result of results) {
      if (result.isPartial || result.transcript.trim() === "") continue;
      this.segments.push({
        id: result.resultId,
        participantRole: "CUSTOMER",
        content: result.transcript,
        beginOffsetMs: base + Math.round(result.startSeconds * 1000),
        endOffsetMs: base + Math.round(result.endSeconds * 1000),
      });
    }
  }
}
