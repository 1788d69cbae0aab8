import {
  type AudioStream,
  type LanguageCode,
  StartStreamTranscriptionCommand,
  type TranscribeStreamingClient,
  type TranscriptResultStream,
} from "@aws-sdk/client-transcribe-streaming";
import { DependencyFailedError } from "../../core/errors.ts";
import type { RecognizedSpeech, SpeechRecognizer } from "../../core/ports/speech-recognizer.ts";

export interface TranscribeSpeechRecognizerOptions {
  readonly client: TranscribeStreamingClient;
}

// An AudioEvent may hold at most one second of audio (protocols.md §8.2).
const MAX_CHUNK_SECONDS = 1;

/** Amazon Transcribe streaming (StartStreamTranscription): final results only, in order. */
export class TranscribeSpeechRecognizer implements SpeechRecognizer {
  readonly #client: TranscribeStreamingClient;

  constructor(options: TranscribeSpeechRecognizerOptions) {
    this.#client = options.client;
  }

  async *recognize(options: {
    audio: AsyncIterable<Uint8Array>;
    sampleRateHz: number;
    languageCode: string;
    signal: AbortSignal;
  }): AsyncIterable<RecognizedSpeech> {
    const maxBytes = options.sampleRateHz * 2 * MAX_CHUNK_SECONDS;
    let results: AsyncIterable<TranscriptResultStream> | undefined;
    try {
      const output = await this.#client.send(
        new StartStreamTranscriptionCommand({
          LanguageCode: options.languageCode as LanguageCode,
          MediaEncoding: "pcm",
          MediaSampleRateHertz: options.sampleRateHz,
          AudioStream: audioEvents(options.audio, maxBytes),
        }),
        { abortSignal: options.signal },
      );
      results = output.TranscriptResultStream;
    } catch (error) {
      throw failed(error);
    }
    if (!results) return;
    try {
      for await (const event of results) yield* finalResults(event);
    } catch (error) {
      throw failed(error);
    }
  }
}

async function* audioEvents(
  audio: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<AudioStream> {
  for await (const pcm of audio) {
    for (let at = 0; at < pcm.length; at += maxBytes) {
      yield { AudioEvent: { AudioChunk: pcm.subarray(at, at + maxBytes) } };
    }
  }
}

function* finalResults(event: TranscriptResultStream): Generator<RecognizedSpeech> {
  if (!("TranscriptEvent" in event) || !event.TranscriptEvent) {
    // Exceptions arrive as events of the stream (protocols.md §8.2).
    const [name, detail] = Object.entries(event)[0] ?? ["UnknownEvent", {}];
    const message = (detail as { Message?: string } | undefined)?.Message ?? "";
    throw new DependencyFailedError(`Transcribe stream failed: ${name} ${message}`.trim());
  }
  for (const result of event.TranscriptEvent.Transcript?.Results ?? []) {
    const text = result.Alternatives?.[0]?.Transcript?.trim();
    if (result.IsPartial !== false || !text) continue;
    yield {
      text,
      startMs: Math.round((result.StartTime ?? 0) * 1000),
      endMs: Math.round((result.EndTime ?? 0) * 1000),
    };
  }
}

function failed(error: unknown): DependencyFailedError {
  if (error instanceof DependencyFailedError) return error;
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  return new DependencyFailedError(`Transcribe streaming failed: ${name}: ${message}`, {
    cause: error,
  });
}
