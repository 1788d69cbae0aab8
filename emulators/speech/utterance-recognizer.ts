import { randomUUID } from "node:crypto";
import { FeatureExtractor, type FeatureFrames, FRAME_SECONDS } from "./audio-features.ts";
import { FrameBuffer } from "./frame-buffer.ts";
import { MatchHypothesis, SHIFT_FRAMES } from "./match-hypothesis.ts";
import { HalfRateDecimator } from "./pcm-resampler.ts";
import { buildResult, type RecognitionResult } from "./recognition-result.ts";
import type { UtteranceLibrary } from "./utterance-library.ts";
import {
  ACTIVE_DB,
  OPENING_FRAMES,
  openingSignature,
  type UtteranceTemplate,
} from "./utterance-template.ts";

export interface UtteranceRecognizerOptions {
  readonly library: UtteranceLibrary;
  readonly sampleRateHz: 8000 | 16_000;
  /** Only utterances of this language (its primary subtag) are matched; any if omitted. */
  readonly languageCode?: string;
  /** Audio time after the end of an utterance before its final result (default 0.2 s). */
  readonly endOfUtteranceSeconds?: number;
  readonly partialResults?: boolean;
}

/** Silent frames that must come before a frame for it to start an utterance. */
const ONSET_GAP_FRAMES = 5;
/** Frames of an utterance that must match before partial results are sent. */
const PARTIAL_AFTER_FRAMES = 25;
/** Silence fed in at the end of the stream so an utterance cut short of its tail completes. */
const END_PADDING_SAMPLES_8K = 2400;

interface PendingFinal {
  readonly hypothesis: MatchHypothesis;
  /** Last frame of the template in stream frames. */
  readonly lastFrame: number;
  readonly dueFrame: number;
}

/**
 * Streaming recogniser over an UtteranceLibrary: it finds, in signed 16-bit PCM fed in chunks
 * of any size, the utterances the library knows, and nothing else. Each onset of sound after
 * a pause is looked up in the library's index; the candidates are followed frame by frame
 * and dropped as soon as they stop matching.
 */
export class UtteranceRecognizer {
  readonly #options: UtteranceRecognizerOptions;
  readonly #decimator: HalfRateDecimator | undefined;
  readonly #extractor = new FeatureExtractor();
  readonly #frames = new FrameBuffer();
  readonly #latencyFrames: number;
  #quietRun = ONSET_GAP_FRAMES;
  #onsets: number[] = [];
  #live: MatchHypothesis[] = [];
  #pending: PendingFinal[] = [];
  /** Frames up to here belong to an utterance already reported. */
  #claimedUntil = 0;
  readonly #resultIds = new Map<number, string>();
  readonly #partialWords = new Map<number, number>();
  #oddByte: number | undefined;
  #ended = false;

  constructor(options: UtteranceRecognizerOptions) {
    if (options.sampleRateHz !== 8000 && options.sampleRateHz !== 16_000) {
      throw new RangeError("the recogniser reads 8000 or 16000 Hz audio");
    }
    this.#options = options;
    this.#decimator = options.sampleRateHz === 16_000 ? new HalfRateDecimator() : undefined;
    const latency = options.endOfUtteranceSeconds ?? 0.2;
    if (!(latency >= 0 && latency <= 10))
      throw new RangeError("endOfUtteranceSeconds must be 0–10");
    this.#latencyFrames = Math.round(latency / FRAME_SECONDS);
  }

  /** Feeds samples; returns the results they complete, in order. */
  push(samples: Int16Array): RecognitionResult[] {
    if (this.#ended) throw new Error("the stream has ended");
    const pcm8k = this.#decimator ? this.#decimator.push(samples) : samples;
    return this.#process(this.#extractor.push(pcm8k));
  }

  /** Feeds little-endian bytes; an odd byte waits for the next chunk. */
  pushBytes(bytes: Uint8Array): RecognitionResult[] {
    let data = bytes;
    if (this.#oddByte !== undefined) {
      data = new Uint8Array(bytes.length + 1);
      data[0] = this.#oddByte;
      data.set(bytes, 1);
      this.#oddByte = undefined;
    }
    const count = data.length >> 1;
    if (data.length % 2 === 1) this.#oddByte = data[data.length - 1];
    const samples = new Int16Array(count);
    const view = new DataView(data.buffer, data.byteOffset, count * 2);
    for (let i = 0; i < count; i++) samples[i] = view.getInt16(2 * i, true);
    return this.push(samples);
  }

  /** Ends the stream: utterances heard in full get their final result now. */
  end(): RecognitionResult[] {
    if (this.#ended) return [];
    const tail = this.#decimator ? this.#decimator.flush() : new Int16Array(0);
    const results = this.#process(this.#extractor.push(tail));
    const cut = this.#cutShort();
    results.push(...this.#process(this.#extractor.push(new Int16Array(END_PADDING_SAMPLES_8K))));
    this.#ended = true;
    results.push(...this.#emitFinals(Number.POSITIVE_INFINITY));
    // Transcribe finalizes what it heard when the audio stops mid-utterance; so does this.
    if (cut && cut.startSeconds >= this.#claimedUntil * FRAME_SECONDS) results.push(cut);
    return results;
  }

  /** The utterance the audio stopped in the middle of, as far as it was heard, if any. */
  #cutShort(): RecognitionResult | undefined {
    const best = this.#bestUnderWay();
    if (!best) return undefined;
    const result = buildResult({
      hypothesis: best,
      resultId: this.#resultIds.get(best.onset) ?? randomUUID(),
      isPartial: false,
      heardUntil: this.#frames.end * FRAME_SECONDS,
      cutShort: true,
    });
    return result.items.some((item) => item.type === "pronunciation") ? result : undefined;
  }

  /** The live hypothesis partial results follow: heard long enough, still matching. */
  #bestUnderWay(): MatchHypothesis | undefined {
    return this.#live
      .filter((h) => h.compared >= h.template.onsetFrame + PARTIAL_AFTER_FRAMES && h.promising)
      .sort((a, b) => a.start - b.start || a.meanError - b.meanError)[0];
  }

  /** Seconds of audio heard so far. */
  get heardSeconds(): number {
    return this.#frames.end * FRAME_SECONDS;
  }

  #process(features: FeatureFrames): RecognitionResult[] {
    const results: RecognitionResult[] = [];
    const first = this.#frames.end;
    this.#frames.append(features);
    for (let t = first; t < this.#frames.end; t++) {
      this.#detectOnset(t);
      this.#openCandidates(t);
      this.#advance(t);
      results.push(...this.#partials(t), ...this.#emitFinals(t));
    }
    const oldest = Math.min(
      t0(this.#live),
      t0(this.#pending.map((p) => p.hypothesis)),
      this.#onsets[0] ?? Infinity,
    );
    this.#frames.discardBefore(Math.min(oldest, this.#frames.end - 500));
    return results;
  }

  #detectOnset(t: number): void {
    if (this.#frames.level(t) > ACTIVE_DB) {
      if (this.#quietRun >= ONSET_GAP_FRAMES && t >= this.#claimedUntil) this.#onsets.push(t);
      this.#quietRun = 0;
    } else {
      this.#quietRun++;
    }
  }

  #openCandidates(t: number): void {
    // The opening is compared up to SHIFT_FRAMES past its window: wait for those frames.
    while (this.#onsets.length > 0 && (this.#onsets[0] ?? 0) + OPENING_FRAMES + SHIFT_FRAMES <= t) {
      const onset = this.#onsets.shift() as number;
      if (onset < this.#claimedUntil) continue;
      // The onset may sit a frame off the template's: look the opening up from either side.
      const candidates = new Set<UtteranceTemplate>();
      for (let shift = -1; shift <= 1; shift++) {
        const signature = openingSignature(openingLevels(this.#frames, onset + shift), 0);
        for (const template of this.#options.library.candidates(
          signature,
          this.#options.languageCode,
        )) {
          candidates.add(template);
        }
      }
      for (const template of candidates) {
        const hypothesis = MatchHypothesis.open(template, this.#frames, onset);
        if (hypothesis) this.#live.push(hypothesis);
      }
    }
  }

  #advance(t: number): void {
    const still: MatchHypothesis[] = [];
    for (const hypothesis of this.#live) {
      const state = hypothesis.advance(this.#frames, t);
      if (state === "alive") still.push(hypothesis);
      else if (state === "complete") {
        const lastFrame = hypothesis.start + hypothesis.template.frames - 1;
        // Due once the audio reaches the end of the sound plus the latency.
        const soundEnd = Math.round(
          hypothesis.streamSeconds(hypothesis.template.endSeconds, FRAME_SECONDS) / FRAME_SECONDS,
        );
        this.#pending.push({
          hypothesis,
          lastFrame,
          dueFrame: Math.max(lastFrame, soundEnd + this.#latencyFrames),
        });
      }
    }
    this.#live = still;
  }

  #emitFinals(t: number): RecognitionResult[] {
    const results: RecognitionResult[] = [];
    for (;;) {
      const due = this.#pending
        .filter((p) => p.dueFrame <= t)
        .sort((a, b) => a.dueFrame - b.dueFrame)[0];
      if (!due) return results;
      // A longer utterance that starts the same way may still be under way.
      const longer = this.#live.some(
        (h) => overlaps(h, due) && h.start + h.template.frames - 1 > due.lastFrame && h.promising,
      );
      if (longer && t !== Number.POSITIVE_INFINITY) return results;
      const rivals = this.#pending.filter((p) => overlaps(p.hypothesis, due));
      const chosen =
        rivals.sort(
          (a, b) =>
            a.hypothesis.start - b.hypothesis.start ||
            a.hypothesis.meanError - b.hypothesis.meanError,
        )[0] ?? due;
      this.#pending = this.#pending.filter((p) => !rivals.includes(p));
      this.#claimedUntil = Math.max(this.#claimedUntil, chosen.lastFrame + 1);
      this.#live = this.#live.filter((h) => h.start + h.template.onsetFrame >= this.#claimedUntil);
      results.push(this.#result(chosen.hypothesis, false, Number.POSITIVE_INFINITY));
    }
  }

  #partials(t: number): RecognitionResult[] {
    if (this.#options.partialResults === false) return [];
    const best = this.#bestUnderWay();
    if (!best) return [];
    const heardUntil = t * FRAME_SECONDS;
    const result = this.#result(best, true, heardUntil);
    const words = result.items.filter((item) => item.type === "pronunciation").length;
    if (words === 0 || words <= (this.#partialWords.get(best.onset) ?? 0)) return [];
    this.#partialWords.set(best.onset, words);
    return [result];
  }

  #result(hypothesis: MatchHypothesis, isPartial: boolean, heardUntil: number): RecognitionResult {
    const resultId = this.#resultIds.get(hypothesis.onset) ?? randomUUID();
    this.#resultIds.set(hypothesis.onset, resultId);
    if (!isPartial) {
      this.#resultIds.delete(hypothesis.onset);
      this.#partialWords.delete(hypothesis.onset);
    }
    return buildResult({ hypothesis, resultId, isPartial, heardUntil });
  }
}

function openingLevels(frames: FrameBuffer, onset: number): Float32Array {
  const levels = new Float32Array(OPENING_FRAMES);
  for (let i = 0; i < OPENING_FRAMES; i++) levels[i] = frames.level(onset + i);
  return levels;
}

function overlaps(hypothesis: MatchHypothesis, final: PendingFinal): boolean {
  const start = hypothesis.start + hypothesis.template.onsetFrame;
  const finalStart = final.hypothesis.start + final.hypothesis.template.onsetFrame;
  return (
    start <= final.lastFrame && finalStart <= hypothesis.start + hypothesis.template.frames - 1
  );
}

function t0(hypotheses: readonly MatchHypothesis[]): number {
  return hypotheses.reduce((min, h) => Math.min(min, h.start), Number.POSITIVE_INFINITY);
}
