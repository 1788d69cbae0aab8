import { describe, expect, it } from "vitest";
import type { CallAudio, CallAudioChunk } from "../ports/call-audio.ts";
import type { RecognizedSpeech, SpeechRecognizer } from "../ports/speech-recognizer.ts";
import type { TranscriptSegment } from "../ports/transcript-source.ts";
import { Redactor } from "../redaction/redactor.ts";
import { captureTranscript } from "./capture-transcript.ts";

const RATE = 8000;
const job = {
  instanceId: "instance-1",
  stream: { contactId: "voice-1", streamArn: "arn:stream", startFragmentNumber: "1" },
  streamStartedAtMs: 1_000_000,
  languageCode: "en-US",
};

/** Chunks of `ms` milliseconds each, the given PCM byte value, starting at `offsetMs`. */
function chunk(offsetMs: number, ms: number, fill = 1): CallAudioChunk {
  return { pcm: new Uint8Array((ms * RATE * 2) / 1000).fill(fill), sampleRateHz: RATE, offsetMs };
}

function audioOf(chunks: CallAudioChunk[]): CallAudio & { signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  return {
    signals,
    async *customerAudio(_stream, signal) {
      signals.push(signal);
      for (const c of chunks) {
        if (signal.aborted) return;
        yield c;
      }
    },
  };
}

/**
 * Hears one "utterance" per run of non-zero bytes, timed by byte position in the audio it
 * was given, so the test sees exactly what timeline the capture handed over.
 */
class ByteRunRecognizer implements SpeechRecognizer {
  constructor(private readonly words: string[]) {}
  async *recognize(options: {
    audio: AsyncIterable<Uint8Array>;
    sampleRateHz: number;
  }): AsyncIterable<RecognizedSpeech> {
    const bytesPerMs = (options.sampleRateHz * 2) / 1000;
    let position = 0;
    let runStart: number | undefined;
    let index = 0;
    for await (const pcm of options.audio) {
      for (const byte of pcm) {
        if (byte !== 0 && runStart === undefined) runStart = position;
        if (byte === 0 && runStart !== undefined) {
          yield {
            text: this.words[index++] ?? "?",
            startMs: runStart / bytesPerMs,
            endMs: position / bytesPerMs,
          };
          runStart = undefined;
        }
        position += 1;
      }
    }
    if (runStart !== undefined)
      yield {
        text: this.words[index++] ?? "?",
        startMs: runStart / bytesPerMs,
        endMs: position / bytesPerMs,
      };
  }
}

class RecordingWriter {
  readonly segments: TranscriptSegment[] = [];
  async putSegments(_contactId: string, segments: readonly TranscriptSegment[]) {
    this.segments.push(...segments);
  }
}

function deps(audio: CallAudio, words: string[], nowMs = 1_010_000) {
  const transcripts = new RecordingWriter();
  return {
    transcripts,
    deps: {
      audio,
      recognizer: new ByteRunRecognizer(words),
      transcripts,
      redactor: new Redactor(),
      clock: { now: () => new Date(nowMs) },
    },
  };
}

const never = () => new AbortController().signal;

describe("captureTranscript", () => {
  it("stores each utterance redacted, timed from the media stream's start", async () => {
    // Speech from 2.0 to 3.0 s, silence, speech from 4.0 to 4.5 s of the stream.
    const audio = audioOf([
      chunk(1000, 1000, 0),
      chunk(2000, 1000),
      chunk(3000, 1000, 0),
      chunk(4000, 500),
      chunk(4500, 500, 0),
    ]);
    const { deps: d, transcripts } = deps(audio, [
      "I was charged twice",
      "my card is 4111 1111 1111 1111",
    ]);
    const report = await captureTranscript(d, { job, stopListening: never(), abort: never() });
    expect(transcripts.segments).toEqual([
      { participant: "CUSTOMER", text: "I was charged twice", offsetMs: 2000 },
      { participant: "CUSTOMER", text: "my card is [card number removed]", offsetMs: 4000 },
    ]);
    expect(report.segments.map((s) => s.endOffsetMs)).toEqual([3000, 4500]);
    // Stored at 1,010,000 ms; the second utterance ended at 1,000,000 + 4,500.
    expect(report.segments[1]?.lagMs).toBe(5500);
    expect(report.audioMs).toBe(4000);
    expect(report.stoppedBy).toBe("audio-ended");
  });

  it("fills a short gap in the stream with silence so later times stay on the call's clock", async () => {
    const audio = audioOf([chunk(0, 500, 0), chunk(2000, 500), chunk(2500, 500, 0)]);
    const { deps: d, transcripts } = deps(audio, ["after the gap"]);
    await captureTranscript(d, { job, stopListening: never(), abort: never() });
    expect(transcripts.segments).toEqual([
      { participant: "CUSTOMER", text: "after the gap", offsetMs: 2000 },
    ]);
  });

  it("stops reading audio when told to stop listening and still stores what was heard", async () => {
    const stop = new AbortController();
    const chunks = [chunk(0, 1000), chunk(1000, 1000, 0), chunk(2000, 1000)];
    const audio: CallAudio = {
      async *customerAudio(_stream, signal) {
        for (const [index, c] of chunks.entries()) {
          if (signal.aborted) return;
          yield c;
          if (index === 1) stop.abort();
        }
      },
    };
    const { deps: d, transcripts } = deps(audio, ["heard before the cap", "never heard"]);
    const report = await captureTranscript(d, { job, stopListening: stop.signal, abort: never() });
    expect(transcripts.segments.map((s) => s.text)).toEqual(["heard before the cap"]);
    expect(report.stoppedBy).toBe("stopped");
  });

  it("stores nothing when the call had no audio", async () => {
    const { deps: d, transcripts } = deps(audioOf([]), []);
    const report = await captureTranscript(d, { job, stopListening: never(), abort: never() });
    expect(transcripts.segments).toEqual([]);
    expect(report).toMatchObject({ audioMs: 0, stoppedBy: "audio-ended" });
  });

  it("drops an utterance that redaction leaves empty", async () => {
    const { deps: d, transcripts } = deps(audioOf([chunk(0, 500), chunk(500, 500, 0)]), ["   "]);
    await captureTranscript(d, { job, stopListening: never(), abort: never() });
    expect(transcripts.segments).toEqual([]);
  });
});
