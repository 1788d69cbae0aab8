import {
  EngineNotSupportedException,
  InvalidSampleRateException,
  InvalidSsmlException,
  type LanguageCode,
  LanguageNotSupportedException,
  LexiconNotFoundException,
  MarksNotSupportedForFormatException,
  type PollyClient,
  PollyServiceException,
  SsmlMarksNotSupportedForTextTypeException,
  SynthesizeSpeechCommand,
  TextLengthExceededException,
  ValidationException,
  type VoiceId,
} from "@aws-sdk/client-polly";
import { DependencyFailedError, InvalidInputError } from "../../core/errors.ts";
import type { PromptSpeech, PromptVoice, SpokenPrompt } from "../../core/ports/prompt-voice.ts";

export interface PollyPromptVoiceOptions {
  /** Aimed at Amazon Polly, or at any Polly-compatible endpoint (the emulator in tests). */
  readonly client: PollyClient;
}

// Refusals of the request itself: sending it again cannot succeed (protocols.md §8.4).
// Everything else (ThrottlingException, ServiceFailureException, the network, credentials) is
// the dependency failing, after the SDK's own retries.
const REFUSALS = [
  InvalidSsmlException,
  TextLengthExceededException,
  InvalidSampleRateException,
  ValidationException,
  EngineNotSupportedException,
  LanguageNotSupportedException,
  LexiconNotFoundException,
  MarksNotSupportedForFormatException,
  SsmlMarksNotSupportedForTextTypeException,
];

/** Amazon Polly SynthesizeSpeech as raw PCM (signed 16-bit little-endian mono). */
export class PollyPromptVoice implements PromptVoice {
  readonly #client: PollyClient;

  constructor(options: PollyPromptVoiceOptions) {
    this.#client = options.client;
  }

  async speak(speech: PromptSpeech): Promise<SpokenPrompt> {
    try {
      const output = await this.#client.send(
        new SynthesizeSpeechCommand({
          OutputFormat: "pcm",
          SampleRate: String(speech.sampleRateHz),
          Text: speech.text,
          TextType: speech.textType,
          VoiceId: speech.voiceId as VoiceId,
          ...(speech.engine === undefined ? {} : { Engine: speech.engine }),
          ...(speech.languageCode === undefined
            ? {}
            : { LanguageCode: speech.languageCode as LanguageCode }),
        }),
      );
      if (!output.AudioStream) throw new Error("the response carried no AudioStream");
      const audio = await output.AudioStream.transformToByteArray();
      // pcm is 16-bit samples; an odd length means the body was cut short.
      if (audio.length % 2 !== 0) throw new Error(`the audio ended mid-sample (${audio.length} B)`);
      return { audio, sampleRateHz: speech.sampleRateHz };
    } catch (error) {
      throw mapPollyError(error);
    }
  }
}

function mapPollyError(error: unknown): Error {
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  const status =
    error instanceof PollyServiceException ? error.$metadata.httpStatusCode : undefined;
  const details = {
    operation: "SynthesizeSpeech",
    vendorCode: name,
    ...(status === undefined ? {} : { httpStatus: status }),
  };
  if (REFUSALS.some((refusal) => error instanceof refusal)) {
    return new InvalidInputError(`Polly refused the text: ${name}: ${message}`, {
      cause: error,
      details,
    });
  }
  return new DependencyFailedError(`Polly SynthesizeSpeech failed: ${name}: ${message}`, {
    cause: error,
    details: { ...details, retryable: true },
  });
}
