import type { CallAudioStream } from "./call-audio.ts";

/** What a transcript worker needs to follow one call. */
export interface TranscriptionJob {
  readonly instanceId: string;
  readonly stream: CallAudioStream;
  /** Epoch milliseconds at which the media stream started, as the flow reports it. */
  readonly streamStartedAtMs?: number;
  /** The call's language, e.g. en-US: the recognizer listens in it. */
  readonly languageCode: string;
}

/** Starts a transcript worker for a call and returns at once (the worker runs on its own). */
export interface TranscriptionLauncher {
  /** Throws DependencyFailedError when the worker could not be started. */
  launch(job: TranscriptionJob): Promise<void>;
}
