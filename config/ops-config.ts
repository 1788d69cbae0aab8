import * as z from "zod";
import { InvalidConfigError } from "../core/errors.ts";
import { describeIssues } from "../core/policy/queue-policy.ts";
import { blankIsUnset } from "./env-values.ts";
import { ENV } from "./environment-names.ts";
import { type ConfigOf, type Environment, loadSettings, namesOf, setting } from "./setting.ts";

// Table names: 3-255 characters of a-z, A-Z, 0-9, "_", "-", "." (DynamoDB CreateTable reference).
const tableName = z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, {
  message: "not a DynamoDB table name (3-255 of A-Z a-z 0-9 _ - .)",
});
const region = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)+$/, { message: "not an AWS region" });
const endpoint = z.url({ protocol: /^https?$/, message: "expected an http(s) URL" });

/** The operator tools' settings; the table may come from a flag instead. */
const OPS_SETTINGS = {
  tableName: setting(ENV.tableName, z.preprocess(blankIsUnset, tableName.optional())),
  region: setting(ENV.awsRegion, z.preprocess(blankIsUnset, region.default("us-east-1"))),
  /** A local endpoint (dynalite); unset means AWS with the default credential chain. */
  dynamoEndpoint: setting(ENV.dynamoEndpoint, z.preprocess(blankIsUnset, endpoint.optional())),
};

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

/** Where the operator tools find the table: the functions' settings, with a table for sure. */
export type OpsConfig = Omit<ConfigOf<typeof OPS_SETTINGS>, "tableName"> & {
  readonly tableName: string;
};

/**
 * Parses the operator tools' connection settings, flags over environment.
 * Throws InvalidConfigError naming the variable or flag at fault.
 */
export function loadOpsConfig(env: Environment, overrides: OpsConnectionOverrides = {}): OpsConfig {
  const fromEnv = loadSettings("ops", OPS_SETTINGS, env);
  const fromFlags = flagSchema.safeParse({
    "--table": overrides.table,
    "--region": overrides.region,
    "--endpoint": overrides.endpoint,
  });
  if (!fromFlags.success) throw new InvalidConfigError(describeIssues(fromFlags.error));
  const f = fromFlags.data;
  const table = f["--table"] ?? fromEnv.tableName;
  if (table === undefined) {
    throw new InvalidConfigError(
      `no table: set ${ENV.tableName} or pass --table <name> (or --local for the sandbox)`,
    );
  }
  const dynamoEndpoint = f["--endpoint"] ?? fromEnv.dynamoEndpoint;
  return Object.freeze({
    tableName: table,
    region: f["--region"] ?? fromEnv.region,
    ...(dynamoEndpoint === undefined ? {} : { dynamoEndpoint }),
  });
}

/** The variables the operator tools read, from this process's environment. */
export function opsEnvironment(): Environment {
  return Object.freeze(
    Object.fromEntries(namesOf(OPS_SETTINGS).map((name) => [name, process.env[name]])),
  );
}
