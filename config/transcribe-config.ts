import { dynamoEndpoint, redactPatterns, region, tableName } from "./common-settings.ts";
import { integer, optionalUrl } from "./env-values.ts";
import { ENV } from "./environment-names.ts";
import { processEnvironmentWithSecrets } from "./secret-environment.ts";
import { type ConfigOf, type Environment, loadSettings, setting } from "./setting.ts";

/** The transcript worker's settings: each field, its variable and its rule, once. */
const TRANSCRIBE_SETTINGS = {
  region,
  tableName,
  dynamoEndpoint,
  kinesisVideoEndpoint: setting(ENV.kinesisVideoEndpoint, optionalUrl),
  transcribeEndpoint: setting(ENV.transcribeEndpoint, optionalUrl),
  lambdaEndpoint: setting(ENV.lambdaEndpoint, optionalUrl),
  // An IVR's questions last minutes, not hours; Lambda's own limit is 15 minutes.
  capSeconds: setting(ENV.transcriptCapSeconds, integer({ min: 10, max: 840, default: 300 })),
  redactPatterns,
};

export type TranscribeConfig = ConfigOf<typeof TRANSCRIBE_SETTINGS>;

/** Parses the transcript worker's environment once. Throws InvalidConfigError naming the key. */
export function loadTranscribeConfig(env: Environment): TranscribeConfig {
  return loadSettings("transcribe", TRANSCRIBE_SETTINGS, env);
}

/** The transcript worker's configuration, with the deployment's secret merged in. */
export async function transcribeConfigFromEnvironmentWithSecrets(): Promise<TranscribeConfig> {
  return loadTranscribeConfig(await processEnvironmentWithSecrets());
}
