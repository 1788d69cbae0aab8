import {
  SpeechSynthesizer,
  type SpeechSynthesizerOptions,
  type SynthesisRequest,
} from "./speech-synthesizer.ts";
import { type KnownUtterance, UtteranceLibrary } from "./utterance-library.ts";
import { UtteranceRecognizer, type UtteranceRecognizerOptions } from "./utterance-recognizer.ts";
import { defaultVoiceFor } from "./voice-table.ts";
import type { TimedToken } from "./word-timing.ts";

/** Turns text into 8 kHz caller audio (the Connect media emulator's caller speaks with it). */
export interface CallVoice {
  render(options: {
    text: string;
    textType: "text" | "ssml";
    languageCode: string;
  }): Promise<Int16Array>; // 8 kHz mono
}

/** One synthesis: the audio, and the words in it with approximate times (seconds). */
export interface Synthesis {
  readonly audio: Int16Array;
  readonly sampleRateHz: number;
  readonly spokenText: string;
  readonly languageCode: string;
  readonly tokens: readonly TimedToken[];
  readonly durationSeconds: number;
  /** The library's id for it; undefined for audio with no sound (an empty text). */
  readonly utteranceId: string | undefined;
}

export interface SpeechEngineOptions extends SpeechSynthesizerOptions {
  /** Share one library between engines, or give a second engine its own (unknown speech). */
  readonly library?: UtteranceLibrary;
}

/**
 * The local speech world: one synthesizer and one library of what it said. Polly and
 * Transcribe emulators given the same engine agree: what one says, the other can hear.
 */
export class SpeechEngine {
  readonly library: UtteranceLibrary;
  readonly #synthesizer: SpeechSynthesizer;
  readonly callVoice: CallVoice;

  constructor(options: SpeechEngineOptions = {}) {
    this.library = options.library ?? new UtteranceLibrary();
    this.#synthesizer = new SpeechSynthesizer(options);
    this.callVoice = {
      render: async ({ text, textType, languageCode }) => {
        const voice = defaultVoiceFor(languageCode);
        if (!voice) throw new RangeError(`no voice speaks ${languageCode}`);
        const speech = await this.synthesize({
          text,
          textType,
          voiceId: voice.id,
          languageCode,
          sampleRateHz: 8000,
        });
        return speech.audio;
      },
    };
  }

  /** Synthesizes and registers the utterance in the library. */
  async synthesize(request: SynthesisRequest): Promise<Synthesis> {
    const raw = await this.#synthesizer.speak(request);
    // Registered from espeak's own rate: the features do not depend on the output rate.
    const known: KnownUtterance | undefined = this.library.register({
      text: raw.spokenText,
      languageCode: raw.languageCode,
      audio: raw.samples,
      sampleRateHz: raw.sampleRateHz,
    });
    const speech = await this.#synthesizer.synthesize(request);
    return {
      audio: speech.samples,
      sampleRateHz: speech.sampleRateHz,
      spokenText: speech.spokenText,
      languageCode: speech.languageCode,
      tokens: known?.tokens ?? [],
      durationSeconds: speech.samples.length / speech.sampleRateHz,
      utteranceId: known?.id,
    };
  }

  createRecognizer(options: Omit<UtteranceRecognizerOptions, "library">): UtteranceRecognizer {
    return new UtteranceRecognizer({ ...options, library: this.library });
  }
}
