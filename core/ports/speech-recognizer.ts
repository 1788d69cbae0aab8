/** One finished utterance, with its times in the audio it was heard in. */
export interface RecognizedSpeech {
  readonly text: string;
  /** Milliseconds from the start of the audio given to the recognizer. */
  readonly startMs: number;
  readonly endMs: number;
}

/** Streaming speech to text. */
export interface SpeechRecognizer {
  /**
   * Yields each final (not partial) result as soon as it is known, in time order, until
   * `audio` ends and the last result is in. Audio is signed 16-bit little-endian mono PCM.
   * Throws DependencyFailedError when the service fails or refuses the stream.
   */
  recognize(options: {
    audio: AsyncIterable<Uint8Array>;
    sampleRateHz: number;
    languageCode: string;
    signal: AbortSignal;
  }): AsyncIterable<RecognizedSpeech>;
}
