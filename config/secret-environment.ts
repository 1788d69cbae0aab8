import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import * as z from "zod";
import { InvalidConfigError } from "../core/errors.ts";
import { region } from "./common-settings.ts";
import { optionalText, optionalUrl } from "./env-values.ts";
import { ENV } from "./environment-names.ts";
import { type Environment, loadSettings, setting } from "./setting.ts";

export type { Environment } from "./setting.ts";

export interface SecretEnvironmentOptions {
  /** Used instead of a client built from the environment (a shared or pre-configured one). */
  readonly client?: SecretsManagerClient;
}

// Names that only say where the secret lives; a secret setting them would mean nothing.
const NOT_IN_SECRET: ReadonlySet<string> = new Set([ENV.secretArn, ENV.secretsManagerEndpoint]);
const SECRET_NAMES: ReadonlySet<string> = new Set(
  Object.values(ENV).filter((name) => !NOT_IN_SECRET.has(name)),
);

const SecretValues = z.record(z.string(), z.string());

/** Where the secret lives: read before the rest, since the rest may come from it. */
const LOCATION_SETTINGS = {
  arn: setting(ENV.secretArn, optionalText),
  endpoint: setting(ENV.secretsManagerEndpoint, optionalUrl),
  region,
};

/**
 * The environment with the deployment's secret merged in: when DEFLECT_SECRET_ARN is set,
 * its JSON object (keyed by environment names) wins for the names it holds. Without the
 * ARN the environment comes back as it is. The result is a frozen copy.
 */
export async function environmentWithSecrets(
  env: Environment,
  options: SecretEnvironmentOptions = {},
): Promise<Environment> {
  const { arn, endpoint, region } = loadSettings("secret location", LOCATION_SETTINGS, env);
  if (arn === undefined) return Object.freeze({ ...env });
  const client =
    options.client ??
    new SecretsManagerClient({
      region: regionOf(arn) ?? region,
      // An endpoint override means the local emulator: it takes any signature.
      ...(endpoint
        ? { endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
        : {}),
    });
  try {
    const secretString = await fetchSecretString(client, arn);
    return Object.freeze({ ...env, ...parseSecretValues(arn, secretString) });
  } finally {
    if (!options.client) client.destroy();
  }
}

async function fetchSecretString(client: SecretsManagerClient, arn: string): Promise<string> {
  const answer = await client.send(new GetSecretValueCommand({ SecretId: arn })).catch((error) => {
    // Also the answer for a secret created without a value (boto/boto3#2794).
    if (error instanceof ResourceNotFoundException) {
      throw new InvalidConfigError(
        `secret ${arn} (${ENV.secretArn}) does not exist or has no current value`,
        { cause: error },
      );
    }
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new InvalidConfigError(`secret ${arn} (${ENV.secretArn}) could not be read: ${reason}`, {
      cause: error,
    });
  });
  if (answer.SecretString === undefined) {
    throw new InvalidConfigError(`secret ${arn} holds no SecretString (binary secrets are unused)`);
  }
  return answer.SecretString;
}

/** Checks the secret's shape. Messages name keys only: a value never reaches an error or a log. */
function parseSecretValues(arn: string, secretString: string): Record<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch {
    // No cause: the parser's message quotes the text around the fault, i.e. the secret.
    throw new InvalidConfigError(`secret ${arn} is not JSON: expected an object of strings`);
  }
  const parsed = SecretValues.safeParse(json);
  if (!parsed.success) {
    const keys = parsed.error.issues.map((issue) => issue.path.join(".")).filter(Boolean);
    const where = keys.length > 0 ? ` (check ${keys.join(", ")})` : "";
    throw new InvalidConfigError(`secret ${arn} must be a JSON object of strings${where}`);
  }
  const unknown = Object.keys(parsed.data).filter((key) => !SECRET_NAMES.has(key));
  if (unknown.length > 0) {
    throw new InvalidConfigError(
      `secret ${arn} holds keys that are not settings of this service: ${unknown.join(", ")}`,
    );
  }
  return parsed.data;
}

/** The region an ARN names (arn:partition:service:region:account:...), if any. */
function regionOf(arn: string): string | undefined {
  const region = arn.split(":")[3];
  return region ? region : undefined;
}

let processEnvironment: Promise<Environment> | undefined;

/**
 * This process's environment with its secret merged in, fetched once per cold start and
 * shared by every loader. A failure is not kept, so the next invocation tries again.
 */
export function processEnvironmentWithSecrets(): Promise<Environment> {
  processEnvironment ??= environmentWithSecrets(process.env).catch((error: unknown) => {
    processEnvironment = undefined;
    throw error;
  });
  return processEnvironment;
}
