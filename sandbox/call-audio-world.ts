import { ENV } from "../config/environment-names.ts";
import { loadTranscribeConfig } from "../config/transcribe-config.ts";
import type { CallVoice } from "../emulators/connect/media/call-voice.ts";
import {
  type KinesisVideoEmulator,
  startKinesisVideoEmulator,
} from "../emulators/kinesis-video/kinesis-video-emulator.ts";
import { KinesisVideoStreamStore } from "../emulators/kinesis-video/stream-store.ts";
import { type PollyEmulator, startPollyEmulator } from "../emulators/polly/index.ts";
import type { Clock as EmulatorClock } from "../emulators/shared-http/clock.ts";
import { ESPEAK_INSTALL_HINT, espeakAvailable, SpeechEngine } from "../emulators/speech/index.ts";
import {
  startTranscribeEmulator,
  type TranscribeEmulator,
} from "../emulators/transcribe/server.ts";
import {
  createTranscribeFunction,
  type TranscribeContext,
} from "../functions/transcribe/transcribe-function.ts";

/** The transcript function's name behind the Connect emulator's Lambda endpoint (as flows name it). */
export const TRANSCRIBER_FUNCTION = "transcribe";

export interface CallAudioWorld {
  /** The Connect emulator's `media` option: calls' audio into the Kinesis Video streams. */
  readonly media: { readonly streams: KinesisVideoStreamStore; readonly voice?: CallVoice };
  readonly kinesisVideo: KinesisVideoEmulator;
  readonly transcribe: TranscribeEmulator;
  /** Polly on the same engine, for `npm run prompts -- --endpoint` against the sandbox. */
  readonly polly: PollyEmulator;
  /** False when espeak-ng is missing: callers' words are then tones nobody can recognise. */
  readonly speaking: boolean;
  /** The worker, ready to register behind the Lambda endpoint. */
  worker(common: Record<string, string>): (event: unknown, context: unknown) => Promise<unknown>;
  /** Waits (boundedly) for the workers still listening, then stops the emulators. */
  close(): Promise<void>;
}

/**
 * The call-audio half of the local world: one speech engine shared by the callers' voices,
 * Polly and the Transcribe emulator (it recognises only what that engine said), Kinesis Video
 * streams fed by the Connect emulator's media streaming on the same clock, and the transcript
 * worker.
 */
export async function startCallAudioWorld(options: {
  clock: EmulatorClock;
  region: string;
  warn: (message: string) => void;
  /** Hears what each worker captured (the serving sandbox prints it). */
  info?: (message: string) => void;
}): Promise<CallAudioWorld> {
  const speaking = await espeakAvailable();
  if (!speaking) {
    options.warn(`callers cannot speak and no transcript is captured: ${ESPEAK_INSTALL_HINT}`);
  }
  const speech = new SpeechEngine();
  const streams = new KinesisVideoStreamStore({ clock: options.clock, region: options.region });
  // A stream is read until it has been idle this long after the call left it.
  const kinesisVideo = await startKinesisVideoEmulator({ streams, idleEndMs: 2000 });
  const transcribe = await startTranscribeEmulator({ speech });
  const polly = await startPollyEmulator({ speech });
  const running = new Set<Promise<unknown>>();
  return {
    media: speaking ? { streams, voice: speech.callVoice } : { streams },
    kinesisVideo,
    transcribe,
    polly,
    speaking,
    worker: (common) =>
      transcriptWorker({
        env: {
          ...common,
          [ENV.kinesisVideoEndpoint]: kinesisVideo.url,
          [ENV.transcribeEndpoint]: transcribe.url,
        },
        now: () => new Date(options.clock.now()),
        running,
        warn: options.warn,
        ...(options.info ? { info: options.info } : {}),
      }),
    async close() {
      const settled = Promise.allSettled([...running]);
      await Promise.race([settled, new Promise((done) => setTimeout(done, 5000).unref())]);
      await kinesisVideo.close();
      await transcribe.close();
      await polly.close();
    },
  };
}

/**
 * The transcript worker as the Lambda endpoint runs it, from its environment (the Kinesis
 * Video and Transcribe endpoints included). Each run joins `running` until it ends, so a
 * closing world can wait for it.
 */
export function transcriptWorker(options: {
  env: Record<string, string>;
  now: () => Date;
  running: Set<Promise<unknown>>;
  warn: (message: string) => void;
  info?: (message: string) => void;
}): (event: unknown, context: unknown) => Promise<unknown> {
  const { running, warn, info } = options;
  const handler = createTranscribeFunction({
    config: loadTranscribeConfig(options.env),
    clock: { now: options.now },
    logger: {
      info: (m, ...extra) => info?.(`transcript worker: ${m} ${JSON.stringify(extra[0] ?? {})}`),
      warn: (m, ...extra) => warn(`transcript worker: ${m} ${JSON.stringify(extra)}`),
      error: (m) => warn(`transcript worker: ${m}`),
    },
  });
  return (event, context) => {
    // Lambda's asynchronous invoke keeps a failure to itself; the sandbox says it aloud.
    const work = handler(event, context as TranscribeContext).catch((error: unknown) => {
      warn(`transcript worker failed: ${String(error)}`);
      return undefined;
    });
    running.add(work);
    return work.finally(() => running.delete(work));
  };
}
