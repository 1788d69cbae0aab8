import type { CountryCode } from "libphonenumber-js";
import { isSupportedCountry } from "libphonenumber-js/max";
import * as z from "zod";
import { InvalidConfigError } from "../core/errors.ts";
import type { PacingTable } from "../core/pacing/call-pacer.ts";
import { describeIssues } from "../core/policy/queue-policy.ts";
import { connectQuotas, optionalText, optionalUrl } from "./env-values.ts";
import { ENV } from "./environment-names.ts";
import { processEnvironmentWithSecrets } from "./secret-environment.ts";

const schema = z.object({
  [ENV.awsRegion]: optionalText.default("us-east-1"),
  [ENV.tableName]: z.string().min(1),
  [ENV.dynamoEndpoint]: optionalUrl,
  [ENV.connectEndpoint]: optionalUrl,
  [ENV.connectQuotas]: connectQuotas,
  [ENV.deflectBudgetMs]: z.coerce.number().int().min(200).max(7000).default(3000),
  [ENV.metricsRatePerSecond]: z.coerce.number().positive().max(5).default(2),
  [ENV.contactMetricsRatePerSecond]: z.coerce.number().positive().max(5).default(1),
  [ENV.metricsRefreshMs]: z.coerce.number().int().min(1000).max(60_000).default(5000),
  [ENV.averageHandleSeconds]: z.coerce.number().positive().default(300),
  [ENV.defaultCountry]: optionalText.refine((c) => c === undefined || isSupportedCountry(c), {
    message: "not a supported ISO country code",
  }),
  [ENV.brandName]: optionalText.default("Customer service"),
  [ENV.whatsAppTemplateSid]: optionalText,
});

export interface DeflectConfig {
  readonly region: string;
  readonly tableName: string;
  readonly dynamoEndpoint?: string;
  readonly connectEndpoint?: string;
  /** The Connect quotas every instance paces its calls to, together. */
  readonly connectPacing: PacingTable;
  readonly budgetMs: number;
  readonly metricsRatePerSecond: number;
  readonly contactMetricsRatePerSecond: number;
  readonly metricsRefreshMs: number;
  readonly averageHandleSeconds: number;
  readonly defaultCountry?: CountryCode;
  readonly brandName: string;
  readonly whatsAppTemplateSid?: string;
}

/** Parses the deflect function's environment once. Throws InvalidConfigError naming the key. */
export function loadDeflectConfig(
  env: Readonly<Record<string, string | undefined>>,
): DeflectConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new InvalidConfigError(`invalid deflect configuration: ${describeIssues(parsed.error)}`);
  }
  const e = parsed.data;
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return Object.freeze({
    connectPacing: e[ENV.connectQuotas],
    region: e[ENV.awsRegion],
    tableName: e[ENV.tableName],
    budgetMs: e[ENV.deflectBudgetMs],
    metricsRatePerSecond: e[ENV.metricsRatePerSecond],
    contactMetricsRatePerSecond: e[ENV.contactMetricsRatePerSecond],
    metricsRefreshMs: e[ENV.metricsRefreshMs],
    averageHandleSeconds: e[ENV.averageHandleSeconds],
    brandName: e[ENV.brandName],
    ...optional("dynamoEndpoint", e[ENV.dynamoEndpoint]),
    ...optional("connectEndpoint", e[ENV.connectEndpoint]),
    ...optional("defaultCountry", e[ENV.defaultCountry] as CountryCode | undefined),
    ...optional("whatsAppTemplateSid", e[ENV.whatsAppTemplateSid]),
  });
}

/** The deflect function's configuration, from this process's environment. */
export function deflectConfigFromEnvironment(): DeflectConfig {
  return loadDeflectConfig(process.env);
}

/** The deflect function's configuration, with the deployment's secret merged in. */
export async function deflectConfigFromEnvironmentWithSecrets(): Promise<DeflectConfig> {
  return loadDeflectConfig(await processEnvironmentWithSecrets());
}
