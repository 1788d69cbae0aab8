import { demoInstance } from "../connect/demo-instance.ts";
import { instanceSeedSchema } from "../connect/model/instance-seed.ts";
import { KinesisVideoStreamStore } from "../kinesis-video/stream-store.ts";
import { ESPEAK_INSTALL_HINT, espeakAvailable, SpeechEngine } from "../speech/index.ts";
import { type CliOptions, EMULATOR_NAMES, type EmulatorName } from "./cli-options.ts";
import { EMULATOR_STARTERS } from "./emulator-starters.ts";
import type { RunningEmulator, StartedEmulators, WorldContext } from "./running-emulator.ts";

export interface LocalWorld {
  /** The one JSON object the CLI prints: every emulator's fields, in EMULATOR_NAMES order. */
  readonly summary: Readonly<Record<string, unknown>>;
  /** Lines for stderr: what cannot work here and how to fix it. */
  readonly warnings: readonly string[];
  /** The started emulators a CLI add-on can use in process (those --only kept). */
  readonly started: Partial<StartedEmulators>;
  close(): Promise<void>;
}

/** What each speaking emulator loses without espeak-ng (the speech engine's only voice). */
const WITHOUT_ESPEAK: Partial<Record<EmulatorName, string>> = {
  connect: "Connect callers' speech on the media stream is tones, not words",
  polly: "Polly answers SynthesizeSpeech with ServiceFailureException",
  transcribe: "Transcribe recognises nothing (it only hears what the engine synthesized)",
};

/** Starts the selected emulators at once; if one fails, closes the others and throws. */
export async function startLocalWorld(options: CliOptions): Promise<LocalWorld> {
  const espeak = await espeakAvailable();
  // The streams carry the demo instance's region and account, so their ARNs match its contacts.
  const seed = instanceSeedSchema.parse(demoInstance);
  const world: WorldContext = {
    options,
    speech: new SpeechEngine(),
    espeak,
    streams: new KinesisVideoStreamStore({ region: seed.region, accountId: seed.accountId }),
  };
  const names = EMULATOR_NAMES.filter((name) => options.only.has(name));
  const results = await Promise.allSettled(names.map((name) => EMULATOR_STARTERS[name](world)));
  const running = results.flatMap((result) =>
    result.status === "fulfilled" ? [result.value] : [],
  );
  const failures = results.flatMap((result, index) =>
    result.status === "rejected" ? [`${names[index]}: ${messageOf(result.reason)}`] : [],
  );
  if (failures.length > 0) {
    await closeAll(running).catch(() => {});
    throw new Error(`could not start ${failures.join("; ")}`);
  }
  const silenced = names.flatMap((name) => WITHOUT_ESPEAK[name] ?? []);
  const warnings =
    espeak || silenced.length === 0
      ? []
      : [`espeak-ng is not installed: ${ESPEAK_INSTALL_HINT}. Until then: ${silenced.join("; ")}.`];
  return {
    summary: Object.assign({}, ...running.map((emulator) => emulator.summary), { espeak }),
    warnings,
    started: Object.assign({}, ...running.map((emulator) => emulator.started)),
    close: () => closeAll(running),
  };
}

/** Closes every emulator even when one fails, then reports the failures together. */
async function closeAll(running: readonly RunningEmulator[]): Promise<void> {
  const results = await Promise.allSettled(running.map((emulator) => emulator.close()));
  const errors = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
  if (errors.length > 0) throw new AggregateError(errors, "some emulators did not close cleanly");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
