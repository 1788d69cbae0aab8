import {
  brandName,
  connectEndpoint,
  connectPacing,
  connectParticipantEndpoint,
  customerText,
  dynamoEndpoint,
  region,
  tableName,
  tokenKey,
} from "./common-settings.ts";
import { integer, oneOf, optionalText } from "./env-values.ts";
import { ENV } from "./environment-names.ts";
import { processEnvironmentWithSecrets } from "./secret-environment.ts";
import { type ConfigOf, type Environment, loadSettings, setting } from "./setting.ts";

/** The relay's settings: each field, its variable and its rule, once. */
const RELAY_SETTINGS = {
  region,
  tableName,
  dynamoEndpoint,
  connectEndpoint,
  connectParticipantEndpoint,
  connectPacing,
  // The relay reads each chat's transcript with the customer's connection, sealed by resume.
  tokenKey,
  brandName,
  closingText: customerText(
    ENV.relayClosingText,
    "This chat has ended. Reply here any time to start a new one.",
  ),
  whatsAppReplyTemplateSid: setting(ENV.relayWhatsAppTemplateSid, optionalText),
  // Longer than a send with the Twilio client's own 429 back-off; a Lambda retry comes later.
  claimLeaseSeconds: setting(
    ENV.relayClaimLeaseSeconds,
    integer({ min: 5, max: 900, default: 60 }),
  ),
  orderSettleMs: setting(ENV.relayOrderSettleMs, integer({ min: 0, max: 5_000, default: 250 })),
  notificationFreshMs: setting(
    ENV.relayNotificationFreshMs,
    integer({ min: 0, max: 60_000, default: 5_000 }),
  ),
  subscriberPort: setting(ENV.relaySubscriberPort, integer({ min: 0, max: 65_535, default: 0 })),
  confirmSubscriptions: setting(ENV.relayConfirmSubscriptions, oneOf(["record", "loopback"])),
};

export type RelayConfig = ConfigOf<typeof RELAY_SETTINGS>;

/** Parses the relay's environment once. Throws InvalidConfigError naming the key. */
export function loadRelayConfig(env: Environment): RelayConfig {
  return loadSettings("relay", RELAY_SETTINGS, env);
}

/** The relay's configuration, from this process's environment. */
export function relayConfigFromEnvironment(): RelayConfig {
  return loadRelayConfig(process.env);
}

/** The relay's configuration, with the deployment's secret merged in. */
export async function relayConfigFromEnvironmentWithSecrets(): Promise<RelayConfig> {
  return loadRelayConfig(await processEnvironmentWithSecrets());
}
