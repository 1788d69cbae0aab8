import * as z from "zod";
import { InvalidConfigError } from "../core/errors.ts";
import { describeIssues } from "../core/policy/queue-policy.ts";
import { optionalText, optionalUrl } from "./env-values.ts";
import { ENV } from "./environment-names.ts";
import { redactPatterns } from "./redaction-values.ts";
import { processEnvironmentWithSecrets } from "./secret-environment.ts";

const schema = z.object({
  [ENV.awsRegion]: optionalText.default("us-east-1"),
  [ENV.tableName]: z.string().min(1),
  [ENV.dynamoEndpoint]: optionalUrl,
  [ENV.kinesisVideoEndpoint]: optionalUrl,
  [ENV.transcribeEndpoint]: optionalUrl,
  [ENV.lambdaEndpoint]: optionalUrl,
  // An IVR's questions last minutes, not hours; Lambda's own limit is 15 minutes.
  [ENV.transcriptCapSeconds]: z.coerce.number().int().min(10).max(840).default(300),
  [ENV.redactPatterns]: redactPatterns,
});

export interface TranscribeConfig {
  readonly region: string;
  readonly tableName: string;
  readonly dynamoEndpoint?: string;
  readonly kinesisVideoEndpoint?: string;
  readonly transcribeEndpoint?: string;
  readonly lambdaEndpoint?: string;
  readonly capSeconds: number;
  readonly redactPatterns: readonly string[];
}

/** Parses the transcript worker's environment once. Throws InvalidConfigError naming the key. */
export function loadTranscribeConfig(
  env: Readonly<Record<string, string | undefined>>,
): TranscribeConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new InvalidConfigError(
      `invalid transcribe configuration: ${describeIssues(parsed.error)}`,
    );
  }
  const e = parsed.data;
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return Object.freeze({
    region: e[ENV.awsRegion],
    tableName: e[ENV.tableName],
    capSeconds: e[ENV.transcriptCapSeconds],
    redactPatterns: Object.freeze([...e[ENV.redactPatterns]]),
    ...optional("dynamoEndpoint", e[ENV.dynamoEndpoint]),
    ...optional("kinesisVideoEndpoint", e[ENV.kinesisVideoEndpoint]),
    ...optional("transcribeEndpoint", e[ENV.transcribeEndpoint]),
    ...optional("lambdaEndpoint", e[ENV.lambdaEndpoint]),
  });
}

/** The transcript worker's configuration, with the deployment's secret merged in. */
export async function transcribeConfigFromEnvironmentWithSecrets(): Promise<TranscribeConfig> {
  return loadTranscribeConfig(await processEnvironmentWithSecrets());
}
