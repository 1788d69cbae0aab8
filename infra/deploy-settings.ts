import * as z from "zod";
import { transcriptSource } from "../config/env-values.ts";
import { ENV, type EnvName } from "../config/environment-names.ts";
import { loadTranscribeConfig } from "../config/transcribe-config.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INSTANCE_ARN = /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}$/;
// The complete ARN ends in the six random characters Secrets Manager appends to the name.
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/;
// Kinesis Video stream name characters (CreateStream), no IAM wildcards; Connect allows 128.
const STREAM_PREFIX = /^[a-zA-Z0-9_.-]{1,128}$/;

/**
 * Credentials live in the channel secret, never in a function's environment: the stack
 * refuses them as plain settings.
 */
export const SECRET_ENV_NAMES: ReadonlySet<EnvName> = new Set([
  ENV.twilioAccountSid,
  ENV.twilioAuthToken,
  ENV.metaAppSecret,
  ENV.metaVerifyToken,
  ENV.metaPageAccessToken,
  ENV.xConsumerKey,
  ENV.xConsumerSecret,
  ENV.xAccessToken,
  ENV.xAccessSecret,
  ENV.telegramBotToken,
  ENV.telegramWebhookSecret,
  ENV.lineChannelSecret,
  ENV.lineChannelAccessToken,
  ENV.resumeTokenKey,
]);

/** Names the stack sets itself from the resources it creates. */
const STACK_OWNED: ReadonlySet<EnvName> = new Set([
  ENV.awsRegion,
  ENV.tableName,
  ENV.webhookPublicBaseUrl,
  ENV.resumeInstanceId,
  ENV.resumeContactFlowId,
  ENV.resumeRelayTopicArn,
  ENV.secretArn,
  ENV.secretsManagerEndpoint,
]);

const envNames = new Set<string>(Object.values(ENV));

const settingsSchema = z
  .record(z.string(), z.string())
  .superRefine((settings, ctx) => {
    for (const key of Object.keys(settings)) {
      const problem = !envNames.has(key)
        ? "is not a known environment name (config/environment-names.ts)"
        : SECRET_ENV_NAMES.has(key as EnvName)
          ? "is a credential: put it in the channel secret instead"
          : STACK_OWNED.has(key as EnvName)
            ? "is set by the stack from the resources it creates"
            : undefined;
      if (problem) ctx.addIssue({ code: "custom", path: [key], message: problem });
    }
  })
  .transform((settings) => settings as Partial<Record<EnvName, string>>);

/**
 * Defaults for the protection settings. Deflect: a check takes tens of milliseconds, so 50
 * concurrent runs serve about 50 checks a second even if each took a whole second (a cold
 * start, a slow metrics call), the re-checks of some 3,000 queued callers every 60 s; what goes
 * beyond is throttled and the flow queues the caller as usual. Webhooks: a few requests per
 * message (the message, its status callbacks), far below 100/s at a contact centre's peak, so
 * only a flood meets the limit. Meta and Telegram retry a 429, LINE with redelivery on; Twilio
 * does not by default (protocols.md §5.1), hence the headroom (README "Deploy").
 */
export const PROTECTION_DEFAULTS = {
  deflectReservedConcurrency: 50,
  webhookRateLimit: 100,
  webhookBurstLimit: 200,
} as const;

const schema = z
  .strictObject({
    connectInstanceArn: z.string().regex(INSTANCE_ARN, "expected a Connect instance ARN"),
    queues: z
      .record(z.string().min(1), z.string().min(1))
      .refine((queues) => Object.keys(queues).length > 0, "name at least one queue"),
    workingQueue: z.string().min(1),
    channelSecretArn: z.string().regex(SECRET_ARN, "expected a complete Secrets Manager ARN"),
    mediaStreamPrefix: z
      .string()
      .regex(STREAM_PREFIX, "expected a Kinesis Video stream name prefix (letters, digits, _ . -)")
      .optional(),
    settings: settingsSchema.default({}),
    deflectReservedConcurrency: z
      .int()
      .min(1)
      .default(PROTECTION_DEFAULTS.deflectReservedConcurrency),
    webhookRateLimit: z.number().positive().default(PROTECTION_DEFAULTS.webhookRateLimit),
    webhookBurstLimit: z.int().min(1).default(PROTECTION_DEFAULTS.webhookBurstLimit),
    // Alarm actions take a standard topic (not FIFO) in any account the alarm may publish to.
    alarmTopicArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, {
        message: "expected a standard SNS topic ARN",
      })
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (!(value.workingQueue in value.queues)) {
      ctx.addIssue({ code: "custom", path: ["workingQueue"], message: "is not one of queues" });
    }
    for (const [name, ref] of Object.entries(value.queues)) {
      const inInstance = ref.startsWith(`${value.connectInstanceArn}/queue/`);
      if (!UUID.test(ref) && !inInstance) {
        ctx.addIssue({
          code: "custom",
          path: ["queues", name],
          message: "expected a queue id or a queue ARN of connectInstanceArn",
        });
      }
    }
  });

/**
 * Where the call's words come from (DEFLECT_TRANSCRIPT_SOURCE). Only the Transcribe source
 * deploys the transcript worker, which reads the instance's live media streams.
 */
export type TranscriptionSettings =
  | {
      readonly source: "transcribe";
      /**
       * The start of the names of the Kinesis Video streams Connect writes this instance's
       * calls to (Data storage → Live media streaming → prefix): the worker may read streams
       * named `<prefix>-contact-*` only.
       */
      readonly mediaStreamPrefix: string;
      /** DEFLECT_TRANSCRIPT_CAP_SECONDS as the worker reads it; its timeout follows from it. */
      readonly capSeconds: number;
    }
  | { readonly source: "contact-lens" | "none" };

/** What one installation supplies: its Connect instance, queues, secret and settings. */
export interface DeploySettings {
  readonly connectInstanceArn: string;
  /** Queue name (as the flows use it) → queue ARN; ids are expanded against the instance. */
  readonly queueArns: Readonly<Record<string, string>>;
  readonly workingQueue: string;
  readonly channelSecretArn: string;
  readonly transcription: TranscriptionSettings;
  /** Extra non-secret environment for every function, by ENV name. */
  readonly settings: Partial<Record<EnvName, string>>;
  /** Set aside for deflect alone, so no other function's load can take it. */
  /** An SNS topic the alarms notify when they fire and clear; without it they only show. */
  readonly alarmTopicArn?: string;
  readonly deflectReservedConcurrency: number;
  /** The webhook API's stage limits: requests per second, and the burst above it. */
  readonly webhookThrottle: { readonly rateLimit: number; readonly burstLimit: number };
}

/** The keys of a deploy settings file; each may also be given as CDK context. */
export const DEPLOY_SETTING_KEYS: readonly string[] = Object.keys(schema.shape);

export const DEPLOY_SETTINGS_HELP = `Put them in deploy.config.json (copy deploy.config.example.json), or name another
  file with -c deployConfig=<path>. Any key may also be passed as CDK context, which wins, e.g.
  npm run synth -- -c workingQueue=Support -c queues='{"Support":"<queue id or ARN>"}'
  Required: connectInstanceArn, queues, workingQueue, channelSecretArn (a complete secret ARN),
  and mediaStreamPrefix unless settings set DEFLECT_TRANSCRIPT_SOURCE to contact-lens or none.
  Optional: settings (non-secret environment, e.g. {"DEFLECT_BRAND_NAME":"Acme"}),
  deflectReservedConcurrency (default ${PROTECTION_DEFAULTS.deflectReservedConcurrency}), webhookRateLimit (${PROTECTION_DEFAULTS.webhookRateLimit}/s), webhookBurstLimit (${PROTECTION_DEFAULTS.webhookBurstLimit}).`;

/** Checks an installation's settings; the error names every bad key and how to pass them. */
export function parseDeploySettings(input: unknown): DeploySettings {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    refuse(parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  }
  const transcription = parseTranscription(parsed.data);
  if (typeof transcription === "string") refuse([transcription]);
  const { connectInstanceArn, queues, workingQueue, channelSecretArn, settings } = parsed.data;
  const { deflectReservedConcurrency, webhookRateLimit, webhookBurstLimit, alarmTopicArn } =
    parsed.data;
  const queueArns = Object.fromEntries(
    Object.entries(queues).map(([name, ref]) => [
      name,
      UUID.test(ref) ? `${connectInstanceArn}/queue/${ref}` : ref,
    ]),
  );
  return {
    connectInstanceArn,
    queueArns,
    workingQueue,
    channelSecretArn,
    transcription,
    settings,
    deflectReservedConcurrency,
    webhookThrottle: { rateLimit: webhookRateLimit, burstLimit: webhookBurstLimit },
    ...(alarmTopicArn ? { alarmTopicArn } : {}),
  };
}

function refuse(issues: readonly string[]): never {
  const lines = issues.map((issue) => `  ${issue}`).join("\n");
  throw new Error(`invalid deploy settings:\n${lines}\n${DEPLOY_SETTINGS_HELP}`);
}

/** The transcript source and, for the worker, its stream prefix and cap; or what is wrong. */
function parseTranscription(value: z.output<typeof schema>): TranscriptionSettings | string {
  const source = transcriptSource.safeParse(value.settings[ENV.transcriptSource]);
  if (!source.success) {
    return `settings.${ENV.transcriptSource}: expected transcribe, contact-lens or none`;
  }
  if (source.data !== "transcribe") return { source: source.data };
  if (value.mediaStreamPrefix === undefined) {
    return `mediaStreamPrefix: the instance's live media streaming prefix is needed when ${ENV.transcriptSource} is transcribe (the default)`;
  }
  try {
    // The worker's own loader, so the synth refuses what its cold start would; the stack
    // names the table itself.
    const { capSeconds } = loadTranscribeConfig({ ...value.settings, [ENV.tableName]: "-" });
    return { source: "transcribe", mediaStreamPrefix: value.mediaStreamPrefix, capSeconds };
  } catch (error) {
    return `settings: ${error instanceof Error ? error.message : String(error)}`;
  }
}
