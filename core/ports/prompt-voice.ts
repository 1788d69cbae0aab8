/** Speech audio for a prompt, ready for the telephony leg. */
export interface SpokenPrompt {
  /** Signed 16-bit little-endian mono samples. */
  readonly audio: Uint8Array;
  readonly sampleRateHz: 8000 | 16000;
}

/** What to say and in which voice; the voice must support the engine and the language. */
export interface PromptSpeech {
  readonly text: string;
  readonly textType: "text" | "ssml";
  readonly voiceId: string;
  /** The voice's engine; the vendor's default when left out. */
  readonly engine?: "standard" | "neural";
  /** BCP-47, e.g. `es-US`; only needed for a voice that speaks more than one language. */
  readonly languageCode?: string;
  /** Telephony takes 8 kHz; 16 kHz for wideband listening. */
  readonly sampleRateHz: 8000 | 16000;
}

/**
 * Turns prompt text or SSML into speech. Rejects with InvalidInputError when the vendor refuses
 * the input (invalid SSML, text too long, a voice that lacks the engine), and with
 * DependencyFailedError when the vendor fails after its retries.
 */
export interface PromptVoice {
  speak(speech: PromptSpeech): Promise<SpokenPrompt>;
}
