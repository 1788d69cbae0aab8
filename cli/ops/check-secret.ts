import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { tokenKey } from "../../config/env-values.ts";
import { ENV } from "../../config/environment-names.ts";
import { type Environment, environmentWithSecrets } from "../../config/secret-environment.ts";
import type { ChannelKind } from "../../core/channel.ts";
import { isDeflectError } from "../../core/errors.ts";
import type { QueuePolicy } from "../../core/policy/queue-policy.ts";
import {
  ALWAYS_NEEDED,
  CHANNEL_PLATFORM,
  PLATFORM_SECRET_KEYS,
  PLATFORMS,
  type Platform,
} from "./channel-secret-keys.ts";
import { type Finding, fix, ok, reasonOf } from "./doctor-report.ts";

export interface SecretResult {
  readonly finding: Finding;
  /** The secret's values, for the platform checks; never printed. */
  readonly values?: Environment;
  /** Platforms in use: a policy enables one of their channels, or the secret holds their keys. */
  readonly platforms: readonly Platform[];
}

/**
 * The secret holds every key the enabled channels need, read the way the functions read it
 * (config/secret-environment.ts), so its errors name keys and never values.
 */
export async function checkSecret(options: {
  secrets: SecretsManagerClient;
  secretArn: string;
  region: string;
  policies: readonly QueuePolicy[];
}): Promise<SecretResult> {
  const item = `secret ${options.secretArn.split(":").at(-1)}`;
  const enabledBy = channelsInUse(options.policies);
  let values: Environment;
  try {
    values = await environmentWithSecrets(
      { [ENV.secretArn]: options.secretArn, [ENV.awsRegion]: options.region },
      { client: options.secrets },
    );
  } catch (error) {
    const platforms = PLATFORMS.filter((p) => enabledBy.has(p));
    // The config module's messages already say which secret and why, naming keys only.
    const reason = isDeflectError(error) ? error.message : reasonOf(error);
    return { finding: fix(item, reason), platforms };
  }
  const held = (key: string) => (values[key] ?? "") !== "";
  const platforms = PLATFORMS.filter((p) => enabledBy.has(p) || PLATFORM_SECRET_KEYS[p].some(held));
  const problems: string[] = [];
  const missingAlways = ALWAYS_NEEDED.filter((key) => !held(key));
  if (missingAlways.length > 0)
    problems.push(`missing ${missingAlways.join(", ")} (every installation)`);
  else if (!tokenKey.safeParse(values[ENV.resumeTokenKey]).success) {
    problems.push(`${ENV.resumeTokenKey} is not 32 bytes of base64`);
  }
  for (const platform of platforms) {
    const missing = PLATFORM_SECRET_KEYS[platform].filter((key) => !held(key));
    if (missing.length === 0) continue;
    const why = enabledBy.get(platform) ?? `${platform} is half configured`;
    problems.push(`missing ${missing.join(", ")} (${why})`);
  }
  if (problems.length > 0) {
    return {
      finding: fix(item, `${problems.join("; ")}: add them to the secret`),
      values,
      platforms,
    };
  }
  const covered =
    platforms.length > 0 ? `the keys of ${platforms.join(", ")}` : "no platform's keys";
  return { finding: ok(item, `holds ${ENV.resumeTokenKey} and ${covered}`), values, platforms };
}

/** Platform → why it is needed: `messenger is enabled for queue support`. */
function channelsInUse(policies: readonly QueuePolicy[]): Map<Platform, string> {
  const reasons = new Map<Platform, string>();
  for (const policy of policies) {
    for (const [kind, channel] of Object.entries(policy.channels)) {
      const platform = CHANNEL_PLATFORM[kind as ChannelKind];
      if (!channel?.enabled || reasons.has(platform)) continue;
      reasons.set(platform, `${kind} is enabled for queue ${policy.queueId}`);
    }
  }
  return reasons;
}
