export {
  ESPEAK_INSTALL_HINT,
  EspeakFailedError,
  EspeakMissingError,
  espeakAvailable,
} from "./espeak-process.ts";
export { HalfRateDecimator, resamplePcm } from "./pcm-resampler.ts";
export type { RecognitionResult, RecognizedItem } from "./recognition-result.ts";
export {
  type CallVoice,
  SpeechEngine,
  type SpeechEngineOptions,
  type Synthesis,
} from "./speech-engine.ts";
export {
  LanguageNotSpokenError,
  type SynthesisRequest,
  UnknownVoiceError,
} from "./speech-synthesizer.ts";
export {
  elements,
  parseSsml,
  type SsmlElement,
  type SsmlNode,
  SsmlSyntaxError,
} from "./ssml-tree.ts";
export {
  type KnownUtterance,
  UtteranceLibrary,
  type UtteranceLibraryOptions,
} from "./utterance-library.ts";
export { UtteranceRecognizer, type UtteranceRecognizerOptions } from "./utterance-recognizer.ts";
export {
  defaultVoiceFor,
  findVoice,
  type PollyEngine,
  supportsEngine,
  VOICES,
  type VoiceProfile,
} from "./voice-table.ts";
export type { TimedToken } from "./word-timing.ts";
