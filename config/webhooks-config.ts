import { CHANNEL_SETTINGS } from "./channels-config.ts";
import { dynamoEndpoint, region, tableName } from "./common-settings.ts";
import { integer } from "./env-values.ts";
import { ENV } from "./environment-names.ts";
import { processEnvironmentWithSecrets } from "./secret-environment.ts";
import { type ConfigOf, type Environment, loadSettings, setting } from "./setting.ts";

/** The webhook function's settings: each field, its variable and its rule, once. */
const WEBHOOKS_SETTINGS = {
  region,
  tableName,
  dynamoEndpoint,
  /** How long a provider message id is remembered for dedupe, in seconds (default two days). */
  dedupeTtlSeconds: setting(
    ENV.webhookDedupeTtlSeconds,
    integer({ min: 60, max: 2_592_000, default: 172_800 }),
  ),
  ...CHANNEL_SETTINGS,
};

/** Everything functions/webhooks needs, parsed once at cold start and frozen. */
export type WebhooksConfig = ConfigOf<typeof WEBHOOKS_SETTINGS>;

/** Parses the webhook function's environment. Throws InvalidConfigError naming the key. */
export function loadWebhooksConfig(env: Environment): WebhooksConfig {
  return loadSettings("webhooks", WEBHOOKS_SETTINGS, env);
}

/** The configuration of this process, from its environment. */
export function webhooksConfigFromEnvironment(): WebhooksConfig {
  return loadWebhooksConfig(process.env);
}

/** The webhook function's configuration, with the channels' credentials from the secret. */
export async function webhooksConfigFromEnvironmentWithSecrets(): Promise<WebhooksConfig> {
  return loadWebhooksConfig(await processEnvironmentWithSecrets());
}
