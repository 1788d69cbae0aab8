import type { KinesisVideoStreamStore } from "../kinesis-video/stream-store.ts";
import type { SpeechEngine } from "../speech/index.ts";
import type { CliOptions } from "./cli-options.ts";

/** One started emulator as the CLI sees it: its fields in the printed line, and how to stop it. */
export interface RunningEmulator {
  readonly summary: Readonly<Record<string, unknown>>;
  close(): Promise<void>;
}

/** What the emulators of one local world share. */
export interface WorldContext {
  readonly options: CliOptions;
  /** One engine for Polly, Transcribe and the Connect caller's voice, so each hears the others. */
  readonly speech: SpeechEngine;
  readonly espeak: boolean;
  /** Connect writes its media streams here; the Kinesis Video emulator serves them. */
  readonly streams: KinesisVideoStreamStore;
}
