import * as z from "zod";
import { InvalidConfigError } from "../core/errors.ts";
import { ENV } from "./environment-names.ts";
import { processEnvironmentWithSecrets } from "./secret-environment.ts";

/** Everything functions/webhooks needs, parsed once at cold start and frozen. */
export interface WebhooksConfig {
  readonly region: string;
  readonly tableName: string;
  readonly dynamoEndpoint?: string;
  /** The origin the platforms call; a route's public URL is this + `/webhooks/<channel>`. */
  readonly publicBaseUrl: string;
  readonly dedupeTtlSeconds: number;
  readonly twilio?: {
    readonly accountSid: string;
    readonly authToken: string;
    readonly smsFrom?: string;
    readonly whatsAppFrom?: string;
    readonly messagingServiceSid?: string;
    readonly apiOrigin?: string;
    /** Who answers SMS STOP/START/HELP: Twilio's built-in opt-out handling, or us. */
    readonly smsKeywordReplies: "platform" | "ours";
  };
  readonly meta?: {
    readonly appSecret: string;
    readonly verifyToken: string;
    readonly pageAccessToken: string;
    readonly graphOrigin?: string;
    readonly graphVersion?: string;
  };
  readonly x?: {
    readonly consumerKey: string;
    readonly consumerSecret: string;
    readonly accessToken: string;
    readonly accessSecret: string;
    readonly apiOrigin?: string;
  };
  readonly telegram?: {
    readonly botToken: string;
    readonly webhookSecret: string;
    readonly apiOrigin?: string;
  };
  readonly line?: {
    readonly channelSecret: string;
    readonly channelAccessToken: string;
    readonly apiOrigin?: string;
  };
}

type Env = Readonly<Record<string, string | undefined>>;

// An empty variable counts as unset, as infra/ may render absent secrets as "".
const text = z.preprocess((v) => (v === "" ? undefined : v), z.string().min(1).optional());
const origin = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
);

const EnvSchema = z.object({
  [ENV.awsRegion]: text.default("us-east-1"),
  [ENV.tableName]: text,
  [ENV.dynamoEndpoint]: origin,
  [ENV.webhookPublicBaseUrl]: origin,
  [ENV.webhookDedupeTtlSeconds]: z.coerce.number().int().min(60).max(2_592_000).default(172_800),
  [ENV.twilioSmsKeywordReplies]: z.enum(["platform", "ours"]).default("platform"),
  [ENV.twilioApiOrigin]: origin,
  [ENV.metaGraphOrigin]: origin,
  [ENV.xApiOrigin]: origin,
  [ENV.telegramApiOrigin]: origin,
  [ENV.lineApiOrigin]: origin,
});

/** Parses the webhook function's environment. Throws InvalidConfigError naming the key. */
export function loadWebhooksConfig(env: Env): Readonly<WebhooksConfig> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const key = parsed.error.issues[0]?.path.join(".") ?? "?";
    throw new InvalidConfigError(`environment variable ${key} is invalid`, {
      details: { issues: parsed.error.issues },
    });
  }
  const e = parsed.data;
  const read = (name: string) => text.parse(env[name]) as string | undefined;
  const twilio = all(read, "twilio", {
    accountSid: ENV.twilioAccountSid,
    authToken: ENV.twilioAuthToken,
  });
  const meta = all(read, "meta", {
    appSecret: ENV.metaAppSecret,
    verifyToken: ENV.metaVerifyToken,
    pageAccessToken: ENV.metaPageAccessToken,
  });
  const x = all(read, "x", {
    consumerKey: ENV.xConsumerKey,
    consumerSecret: ENV.xConsumerSecret,
    accessToken: ENV.xAccessToken,
    accessSecret: ENV.xAccessSecret,
  });
  const telegram = all(read, "telegram", {
    botToken: ENV.telegramBotToken,
    webhookSecret: ENV.telegramWebhookSecret,
  });
  const line = all(read, "line", {
    channelSecret: ENV.lineChannelSecret,
    channelAccessToken: ENV.lineChannelAccessToken,
  });
  const config: WebhooksConfig = {
    region: e[ENV.awsRegion],
    tableName: required(ENV.tableName, e[ENV.tableName]),
    publicBaseUrl: required(ENV.webhookPublicBaseUrl, e[ENV.webhookPublicBaseUrl]),
    dedupeTtlSeconds: e[ENV.webhookDedupeTtlSeconds],
    ...some(read, {}, { dynamoEndpoint: e[ENV.dynamoEndpoint] }),
    ...(twilio && {
      twilio: {
        ...twilio,
        ...some(
          read,
          {
            smsFrom: ENV.twilioSmsFrom,
            whatsAppFrom: ENV.twilioWhatsAppFrom,
            messagingServiceSid: ENV.twilioMessagingServiceSid,
          },
          { apiOrigin: e[ENV.twilioApiOrigin] },
        ),
        smsKeywordReplies: e[ENV.twilioSmsKeywordReplies],
      },
    }),
    ...(meta && {
      meta: {
        ...meta,
        ...some(
          read,
          { graphVersion: ENV.metaGraphVersion },
          { graphOrigin: e[ENV.metaGraphOrigin] },
        ),
      },
    }),
    ...(x && { x: { ...x, ...some(read, {}, { apiOrigin: e[ENV.xApiOrigin] }) } }),
    ...(telegram && {
      telegram: { ...telegram, ...some(read, {}, { apiOrigin: e[ENV.telegramApiOrigin] }) },
    }),
    ...(line && { line: { ...line, ...some(read, {}, { apiOrigin: e[ENV.lineApiOrigin] }) } }),
  };
  return deepFreeze(config);
}

type Read = (name: string) => string | undefined;

function required(name: string, value: string | undefined): string {
  if (value === undefined) throw new InvalidConfigError(`environment variable ${name} is required`);
  return value;
}

/**
 * A channel's required variables: all set turns it on, none set leaves it off, and some but
 * not all is a mistake worth failing the cold start for.
 */
function all<K extends string>(
  read: Read,
  channel: string,
  names: Record<K, string>,
): Record<K, string> | undefined {
  const values: Partial<Record<K, string>> = {};
  const missing: string[] = [];
  for (const key of Object.keys(names) as K[]) {
    const value = read(names[key]);
    if (value === undefined) missing.push(names[key]);
    else values[key] = value;
  }
  if (missing.length === Object.keys(names).length) return undefined;
  if (missing.length > 0) {
    throw new InvalidConfigError(`${channel} is half configured: set ${missing.join(", ")}`);
  }
  return values as Record<K, string>;
}

/** Optional variables (by name) and already-parsed values, leaving out the unset ones. */
function some<K extends string, L extends string>(
  read: Read,
  names: Record<K, string>,
  parsed: Record<L, string | undefined>,
): Partial<Record<K | L, string>> {
  const values: Partial<Record<K | L, string>> = {};
  for (const key of Object.keys(names) as K[]) {
    const value = read(names[key]);
    if (value !== undefined) values[key] = value;
  }
  for (const key of Object.keys(parsed) as L[]) {
    const value = parsed[key];
    if (value !== undefined) values[key] = value;
  }
  return values;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The configuration of this process, from its environment. */
export function webhooksConfigFromEnvironment(): Readonly<WebhooksConfig> {
  return loadWebhooksConfig(process.env);
}

/** The webhook function's configuration, with the channels' credentials from the secret. */
export async function webhooksConfigFromEnvironmentWithSecrets(): Promise<
  Readonly<WebhooksConfig>
> {
  return loadWebhooksConfig(await processEnvironmentWithSecrets());
}
