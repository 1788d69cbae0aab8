import * as z from "zod";
import { InvalidConfigError } from "../core/errors.ts";
import type { PacingTable } from "../core/pacing/call-pacer.ts";
import { describeIssues } from "../core/policy/queue-policy.ts";
import { connectQuotas, optionalText, optionalUrl, tokenKey } from "./env-values.ts";
import { ENV } from "./environment-names.ts";
import { processEnvironmentWithSecrets } from "./secret-environment.ts";

const schema = z.object({
  [ENV.awsRegion]: optionalText.default("us-east-1"),
  [ENV.tableName]: z.string().min(1),
  [ENV.dynamoEndpoint]: optionalUrl,
  [ENV.connectEndpoint]: optionalUrl,
  [ENV.connectParticipantEndpoint]: optionalUrl,
  [ENV.connectQuotas]: connectQuotas,
  // The relay reads each chat's transcript with the customer's connection, sealed by resume.
  [ENV.resumeTokenKey]: tokenKey,
  [ENV.brandName]: optionalText.default("Customer service"),
  [ENV.relayClosingText]: optionalText
    .default("This chat has ended. Reply here any time to start a new one.")
    .pipe(z.string().max(1024)),
  [ENV.relayWhatsAppTemplateSid]: optionalText,
  // Longer than a send with the Twilio client's own 429 back-off; a Lambda retry comes later.
  [ENV.relayClaimLeaseSeconds]: z.coerce.number().int().min(5).max(900).default(60),
  [ENV.relayOrderSettleMs]: z.coerce.number().int().min(0).max(5_000).default(250),
  [ENV.relayNotificationFreshMs]: z.coerce.number().int().min(0).max(60_000).default(5_000),
  [ENV.relaySubscriberPort]: z.coerce.number().int().min(0).max(65_535).default(0),
  [ENV.relayConfirmSubscriptions]: optionalText
    .default("record")
    .pipe(z.enum(["loopback", "record"])),
});

export interface RelayConfig {
  readonly region: string;
  readonly tableName: string;
  readonly dynamoEndpoint?: string;
  readonly connectEndpoint?: string;
  /** The Connect quotas every instance paces its calls to, together. */
  readonly connectPacing: PacingTable;
  /** Defaults to the Connect endpoint: the local emulator serves both APIs. */
  readonly connectParticipantEndpoint?: string;
  readonly tokenKey: Buffer;
  readonly brandName: string;
  readonly closingText: string;
  readonly whatsAppReplyTemplateSid?: string;
  readonly claimLeaseSeconds: number;
  readonly orderSettleMs: number;
  readonly notificationFreshMs: number;
  readonly subscriberPort: number;
  readonly confirmSubscriptions: "loopback" | "record";
}

/** Parses the relay's environment once. Throws InvalidConfigError naming the key. */
export function loadRelayConfig(env: Readonly<Record<string, string | undefined>>): RelayConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new InvalidConfigError(`invalid relay configuration: ${describeIssues(parsed.error)}`);
  }
  const e = parsed.data;
  const dynamoEndpoint = e[ENV.dynamoEndpoint];
  const connectEndpoint = e[ENV.connectEndpoint];
  const participantEndpoint = e[ENV.connectParticipantEndpoint] ?? connectEndpoint;
  const whatsAppReplyTemplateSid = e[ENV.relayWhatsAppTemplateSid];
  return Object.freeze({
    connectPacing: e[ENV.connectQuotas],
    region: e[ENV.awsRegion],
    tableName: e[ENV.tableName],
    brandName: e[ENV.brandName],
    closingText: e[ENV.relayClosingText],
    claimLeaseSeconds: e[ENV.relayClaimLeaseSeconds],
    orderSettleMs: e[ENV.relayOrderSettleMs],
    notificationFreshMs: e[ENV.relayNotificationFreshMs],
    subscriberPort: e[ENV.relaySubscriberPort],
    confirmSubscriptions: e[ENV.relayConfirmSubscriptions],
    tokenKey: e[ENV.resumeTokenKey],
    ...(connectEndpoint ? { connectEndpoint } : {}),
    ...(participantEndpoint ? { connectParticipantEndpoint: participantEndpoint } : {}),
    ...(dynamoEndpoint ? { dynamoEndpoint } : {}),
    ...(whatsAppReplyTemplateSid ? { whatsAppReplyTemplateSid } : {}),
  });
}

/** The relay's configuration, from this process's environment. */
export function relayConfigFromEnvironment(): RelayConfig {
  return loadRelayConfig(process.env);
}

/** The relay's configuration, with the deployment's secret merged in. */
export async function relayConfigFromEnvironmentWithSecrets(): Promise<RelayConfig> {
  return loadRelayConfig(await processEnvironmentWithSecrets());
}
