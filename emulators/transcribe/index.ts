export { audioEventFrame } from "./event-stream.ts";
export {
  startTranscribeEmulator,
  type TranscribeEmulator,
  type TranscribeEmulatorOptions,
} from "./server.ts";
export type { TranscriptionSessionRecord } from "./transcription-session.ts";
