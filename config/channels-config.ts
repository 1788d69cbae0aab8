import { processEnvironmentWithSecrets } from "./secret-environment.ts";
import { loadWebhooksConfig, type WebhooksConfig } from "./webhooks-config.ts";

/**
 * The messenger platforms' credentials and the public webhook origin, which every function
 * that sends or receives messages needs (status callbacks point at the webhook routes).
 */
export type ChannelsConfig = Pick<
  WebhooksConfig,
  "publicBaseUrl" | "twilio" | "meta" | "x" | "telegram" | "line"
>;

/** Parses the channel settings; the same variables and rules as the webhook function's. */
export function loadChannelsConfig(
  env: Readonly<Record<string, string | undefined>>,
): ChannelsConfig {
  const { publicBaseUrl, twilio, meta, x, telegram, line } = loadWebhooksConfig(env);
  return Object.freeze({
    publicBaseUrl,
    ...(twilio ? { twilio } : {}),
    ...(meta ? { meta } : {}),
    ...(x ? { x } : {}),
    ...(telegram ? { telegram } : {}),
    ...(line ? { line } : {}),
  });
}

/** The channel settings of this process, from its environment. */
export function channelsConfigFromEnvironment(): ChannelsConfig {
  return loadChannelsConfig(process.env);
}

/** The channel settings, with the platforms' credentials from the deployment's secret. */
export async function channelsConfigFromEnvironmentWithSecrets(): Promise<ChannelsConfig> {
  return loadChannelsConfig(await processEnvironmentWithSecrets());
}
