/**
 * Speech for the emulator's call audio: what the scripted caller says and the prompts they
 * hear. An espeak-ng implementation lives in emulators/speech; any other fits the same shape.
 */
export interface CallVoice {
  /** 8 kHz mono PCM. */
  render(options: {
    text: string;
    textType: "text" | "ssml";
    languageCode: string;
  }): Promise<Int16Array>;
}

export const CALL_SAMPLE_RATE_HZ = 8000;
