import * as z from "zod";
import { InvalidConfigError } from "../core/errors.ts";
import { describeIssues } from "../core/policy/queue-policy.ts";
import { ENV } from "./environment-names.ts";

const blankIsUnset = (v: unknown) => (v === "" ? undefined : v);
// Table names: 3-255 characters of a-z, A-Z, 0-9, "_", "-", "." (DynamoDB CreateTable reference).
const tableName = z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, {
  message: "not a DynamoDB table name (3-255 of A-Z a-z 0-9 _ - .)",
});
const region = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)+$/, { message: "not an AWS region" });
const endpoint = z.url({ protocol: /^https?$/, message: "expected an http(s) URL" });

const envSchema = z.object({
  [ENV.tableName]: z.preprocess(blankIsUnset, tableName.optional()),
  [ENV.awsRegion]: z.preprocess(blankIsUnset, region.default("us-east-1")),
  [ENV.dynamoEndpoint]: z.preprocess(blankIsUnset, endpoint.optional()),
});

// Flags are checked by the same rules as the variables they override, and named as typed.
const flagSchema = z.object({
  "--table": tableName.optional(),
  "--region": region.optional(),
  "--endpoint": endpoint.optional(),
});

/** Command-line flags that take precedence over the environment. */
export interface OpsConnectionOverrides {
  readonly table?: string | undefined;
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
}

/** Where the operator tools find the table: the same settings the functions read. */
export interface OpsConfig {
  readonly tableName: string;
  readonly region: string;
  /** A local endpoint (dynalite); unset means AWS with the default credential chain. */
  readonly dynamoEndpoint?: string;
}

/**
 * Parses the operator tools' connection settings, flags over environment.
 * Throws InvalidConfigError naming the variable or flag at fault.
 */
export function loadOpsConfig(
  env: Readonly<Record<string, string | undefined>>,
  overrides: OpsConnectionOverrides = {},
): OpsConfig {
  const fromEnv = envSchema.safeParse(env);
  if (!fromEnv.success) {
    throw new InvalidConfigError(`invalid environment: ${describeIssues(fromEnv.error)}`);
  }
  const fromFlags = flagSchema.safeParse({
    "--table": overrides.table,
    "--region": overrides.region,
    "--endpoint": overrides.endpoint,
  });
  if (!fromFlags.success) throw new InvalidConfigError(describeIssues(fromFlags.error));
  const e = fromEnv.data;
  const f = fromFlags.data;
  const table = f["--table"] ?? e[ENV.tableName];
  if (table === undefined) {
    throw new InvalidConfigError(
      `no table: set ${ENV.tableName} or pass --table <name> (or --local for the sandbox)`,
    );
  }
  const dynamoEndpoint = f["--endpoint"] ?? e[ENV.dynamoEndpoint];
  return Object.freeze({
    tableName: table,
    region: f["--region"] ?? e[ENV.awsRegion],
    ...(dynamoEndpoint === undefined ? {} : { dynamoEndpoint }),
  });
}

/** The variables the operator tools read, from this process's environment. */
export function opsEnvironment(): Readonly<Record<string, string | undefined>> {
  return Object.freeze({
    [ENV.tableName]: process.env[ENV.tableName],
    [ENV.awsRegion]: process.env[ENV.awsRegion],
    [ENV.dynamoEndpoint]: process.env[ENV.dynamoEndpoint],
  });
}
