import type { ConnectEmulator } from "../connect/connect-emulator.ts";
import type { KinesisVideoStreamStore } from "../kinesis-video/stream-store.ts";
import type { SpeechEngine } from "../speech/index.ts";
import type { TwilioEmulator } from "../twilio/index.ts";
import type { CliOptions } from "./cli-options.ts";

/** One started emulator as the CLI sees it: its fields in the printed line, and how to stop it. */
export interface RunningEmulator {
  readonly summary: Readonly<Record<string, unknown>>;
  /** The emulator itself, for a CLI add-on that works with it in process. */
  readonly started?: Partial<StartedEmulators>;
  close(): Promise<void>;
}

/** The emulators a CLI add-on can reach in process, by name. */
export interface StartedEmulators {
  readonly connect: ConnectEmulator;
  readonly twilio: TwilioEmulator;
  readonly dynamodb: { readonly endpoint: string };
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
