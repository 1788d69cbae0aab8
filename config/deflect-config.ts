import type { CountryCode } from "libphonenumber-js";
import { isSupportedCountry } from "libphonenumber-js/max";
import {
  brandName,
  connectEndpoint,
  connectPacing,
  dynamoEndpoint,
  region,
  tableName,
} from "./common-settings.ts";
import { integer, optionalText, positiveNumber } from "./env-values.ts";
import { ENV } from "./environment-names.ts";
import { processEnvironmentWithSecrets } from "./secret-environment.ts";
import { type ConfigOf, type Environment, loadSettings, setting } from "./setting.ts";

/** The deflect function's settings: each field, its variable and its rule, once. */
const DEFLECT_SETTINGS = {
  region,
  tableName,
  dynamoEndpoint,
  connectEndpoint,
  connectPacing,
  /** The flow's answer comes within this; the flow allows at most 8 s (protocols.md §1.3). */
  budgetMs: setting(ENV.deflectBudgetMs, integer({ min: 200, max: 7000, default: 3000 })),
  metricsRatePerSecond: setting(ENV.metricsRatePerSecond, positiveNumber({ max: 5, default: 2 })),
  contactMetricsRatePerSecond: setting(
    ENV.contactMetricsRatePerSecond,
    positiveNumber({ max: 5, default: 1 }),
  ),
  metricsRefreshMs: setting(
    ENV.metricsRefreshMs,
    integer({ min: 1000, max: 60_000, default: 5000 }),
  ),
  averageHandleSeconds: setting(ENV.averageHandleSeconds, positiveNumber({ default: 300 })),
  defaultCountry: setting(
    ENV.defaultCountry,
    optionalText
      .refine((code) => code === undefined || isSupportedCountry(code), {
        message: "not a supported ISO country code",
      })
      .transform((code) => code as CountryCode | undefined),
  ),
  brandName,
  whatsAppTemplateSid: setting(ENV.whatsAppTemplateSid, optionalText),
};

export type DeflectConfig = ConfigOf<typeof DEFLECT_SETTINGS>;

/** Parses the deflect function's environment once. Throws InvalidConfigError naming the key. */
export function loadDeflectConfig(env: Environment): DeflectConfig {
  return loadSettings("deflect", DEFLECT_SETTINGS, env);
}

/** The deflect function's configuration, from this process's environment. */
export function deflectConfigFromEnvironment(): DeflectConfig {
  return loadDeflectConfig(process.env);
}

/** The deflect function's configuration, with the deployment's secret merged in. */
export async function deflectConfigFromEnvironmentWithSecrets(): Promise<DeflectConfig> {
  return loadDeflectConfig(await processEnvironmentWithSecrets());
}
