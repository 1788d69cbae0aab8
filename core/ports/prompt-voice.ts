/** Speech audio for a prompt, ready for the telephony leg. */
export interface SpokenPrompt {
  readonly audio: Uint8Array;
  readonly sampleRateHz: number;
  readonly encoding: "pcm-s16le" | "mulaw";
}

/** Turns prompt text or SSML into speech. */
export interface PromptVoice {
  speak(options: {
    text: string;
    textType: "text" | "ssml";
    voiceId: string;
    sampleRateHz: 8000 | 16000;
  }): Promise<SpokenPrompt>;
}
