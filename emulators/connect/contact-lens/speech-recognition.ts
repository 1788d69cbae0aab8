/**
 * The speech recogniser Contact Lens hears callers with. The local speech engine
 * (`SpeechEngine` in emulators/speech) has this shape: it recognises only speech it
 * synthesized itself and never invents text, so a caller's words become a transcript only
 * when the same engine voiced them (`media.voice`).
 */
export interface SpeechRecognition {
  createRecognizer(options: { sampleRateHz: 8000; languageCode: string }): StreamRecognizer;
}

/** One audio stream's recogniser: 16-bit PCM in, the results that audio completes out. */
export interface StreamRecognizer {
  push(samples: Int16Array): readonly RecognizedSpeech[];
  /** The stream is over: the results of utterances heard in full. */
  end(): readonly RecognizedSpeech[];
}

/** A partial or final result, times in seconds from the start of the stream. */
export interface RecognizedSpeech {
  readonly resultId: string;
  readonly isPartial: boolean;
  readonly transcript: string;
  readonly startSeconds: number;
  readonly endSeconds: number;
}
