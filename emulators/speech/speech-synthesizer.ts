import { runEspeak } from "./espeak-process.ts";
import { spokenText, toEspeakSsml } from "./espeak-ssml.ts";
import { LruCache } from "./lru-cache.ts";
import { resamplePcm } from "./pcm-resampler.ts";
import { parseSsml } from "./ssml-tree.ts";
import { findVoice, type VoiceProfile } from "./voice-table.ts";

export interface SynthesisRequest {
  readonly text: string;
  readonly textType: "text" | "ssml";
  /** A Polly VoiceId from the voice table. */
  readonly voiceId: string;
  /** For a bilingual voice; the voice's own language by default. */
  readonly languageCode?: string;
  readonly sampleRateHz: number;
}

/** Speech as espeak-ng made it, before any resampling, and the words it says. */
export interface RawSpeech {
  readonly samples: Int16Array;
  readonly sampleRateHz: number;
  readonly spokenText: string;
  readonly languageCode: string;
}

export interface SpeechSynthesizerOptions {
  /** The espeak-ng executable (default `espeak-ng` on the PATH). */
  readonly command?: string;
  /** Bytes of audio the cache keeps (default 64 MiB). */
  readonly cacheBytes?: number;
  /** espeak-ng processes at once (default 4), so 50 calls starting together do not fork 50. */
  readonly maxConcurrent?: number;
}

export class UnknownVoiceError extends Error {
  constructor(voiceId: string) {
    super(`unknown voice: ${voiceId}`);
    this.name = "UnknownVoiceError";
  }
}

export class LanguageNotSpokenError extends Error {
  constructor(voice: VoiceProfile, languageCode: string) {
    super(`voice ${voice.id} does not speak ${languageCode}`);
    this.name = "LanguageNotSpokenError";
  }
}

/**
 * Text or Polly SSML → signed 16-bit mono PCM at 8 or 16 kHz (or any rate), with espeak-ng.
 * Results are cached by (text, type, voice, language, rate), so a sandbox replaying the
 * same sentences runs espeak-ng once per sentence.
 */
export class SpeechSynthesizer {
  readonly #command: string;
  readonly #raw: LruCache<string, Promise<RawSpeech>>;
  readonly #resampled: LruCache<string, Int16Array>;
  readonly #maxConcurrent: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(options: SpeechSynthesizerOptions = {}) {
    this.#command = options.command ?? "espeak-ng";
    const bytes = options.cacheBytes ?? 64 * 1024 * 1024;
    // Raw entries are about 44 KB per second of speech; count them at a typical 3 s.
    this.#raw = new LruCache(Math.max(1, Math.floor(bytes / 2 / 132_000)));
    this.#resampled = new LruCache(Math.max(1, bytes / 2), (pcm) => pcm.byteLength);
    this.#maxConcurrent = options.maxConcurrent ?? 4;
  }

  /** espeak-ng's output for the request, cached (a failed run is not cached). */
  speak(request: Omit<SynthesisRequest, "sampleRateHz">): Promise<RawSpeech> {
    const voice = findVoice(request.voiceId);
    if (!voice) return Promise.reject(new UnknownVoiceError(request.voiceId));
    const languageCode = request.languageCode ?? voice.languageCode;
    const espeakVoice = voice.espeak[languageCode];
    if (!espeakVoice) return Promise.reject(new LanguageNotSpokenError(voice, languageCode));
    const key = [request.textType, voice.id, languageCode, request.text].join("\u0000");
    const cached = this.#raw.get(key);
    if (cached) return cached;
    const pending = this.#limited(async () => {
      const ssml = request.textType === "ssml" ? parseSsml(request.text) : undefined;
      const wav = await runEspeak({
        input: ssml ? toEspeakSsml(ssml) : request.text,
        ssml: ssml !== undefined,
        voice: espeakVoice,
        pitch: voice.pitch,
        command: this.#command,
      });
      const spoken = ssml ? spokenText(ssml) : request.text.replace(/\s+/gu, " ").trim();
      return {
        samples: wav.samples,
        sampleRateHz: wav.sampleRateHz,
        spokenText: spoken,
        languageCode,
      };
    });
    this.#raw.set(key, pending);
    pending.catch(() => this.#raw.delete(key));
    return pending;
  }

  /** The request's speech at its sample rate. */
  async synthesize(request: SynthesisRequest): Promise<RawSpeech> {
    const raw = await this.speak(request);
    if (raw.sampleRateHz === request.sampleRateHz) return raw;
    const key = [
      request.textType,
      request.voiceId,
      raw.languageCode,
      request.sampleRateHz,
      request.text,
    ].join("\u0000");
    let samples = this.#resampled.get(key);
    if (!samples) {
      samples = resamplePcm(raw.samples, raw.sampleRateHz, request.sampleRateHz);
      this.#resampled.set(key, samples);
    }
    return { ...raw, samples, sampleRateHz: request.sampleRateHz };
  }

  async #limited<T>(task: () => Promise<T>): Promise<T> {
    while (this.#running >= this.#maxConcurrent) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    this.#running++;
    try {
      return await task();
    } finally {
      this.#running--;
      this.#waiting.shift()?.();
    }
  }
}
