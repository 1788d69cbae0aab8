import * as z from "zod";
import { ENV, type EnvName } from "../config/environment-names.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INSTANCE_ARN = /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}$/;
// The complete ARN ends in the six random characters Secrets Manager appends to the name.
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/;

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

const schema = z
  .object({
    connectInstanceArn: z.string().regex(INSTANCE_ARN, "expected a Connect instance ARN"),
    queues: z
      .record(z.string().min(1), z.string().min(1))
      .refine((queues) => Object.keys(queues).length > 0, "name at least one queue"),
    workingQueue: z.string().min(1),
    channelSecretArn: z.string().regex(SECRET_ARN, "expected a complete Secrets Manager ARN"),
    settings: settingsSchema.default({}),
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

/** What one installation supplies: its Connect instance, queues, secret and settings. */
export interface DeploySettings {
  readonly connectInstanceArn: string;
  /** Queue name (as the flows use it) → queue ARN; ids are expanded against the instance. */
  readonly queueArns: Readonly<Record<string, string>>;
  readonly workingQueue: string;
  readonly channelSecretArn: string;
  /** Extra non-secret environment for every function, by ENV name. */
  readonly settings: Partial<Record<EnvName, string>>;
}

export const DEPLOY_SETTINGS_HELP = `Pass them as CDK context, e.g.
  cdk synth -c connectInstanceArn=arn:aws:connect:eu-west-2:111122223333:instance/<id> \\
    -c queues='{"Support":"<queue id or ARN>"}' -c workingQueue=Support \\
    -c channelSecretArn=arn:aws:secretsmanager:eu-west-2:111122223333:secret:deflect-AbCdEf
  (or CDK_CONTEXT_JSON for \`npm run synth\`); optional: -c settings='{"DEFLECT_BRAND_NAME":"Acme"}'`;

/** Checks an installation's settings; the error names every bad key and how to pass them. */
export function parseDeploySettings(input: unknown): DeploySettings {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`,
    );
    throw new Error(`invalid deploy settings:\n${issues.join("\n")}\n${DEPLOY_SETTINGS_HELP}`);
  }
  const { connectInstanceArn, queues, workingQueue, channelSecretArn, settings } = parsed.data;
  const queueArns = Object.fromEntries(
    Object.entries(queues).map(([name, ref]) => [
      name,
      UUID.test(ref) ? `${connectInstanceArn}/queue/${ref}` : ref,
    ]),
  );
  return { connectInstanceArn, queueArns, workingQueue, channelSecretArn, settings };
}

/** Reads the settings from CDK context; JSON-valued keys may arrive as strings from `-c`. */
export function deploySettingsFromContext(tryGetContext: (key: string) => unknown): DeploySettings {
  const json = (key: string) => {
    const value = tryGetContext(key);
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  };
  return parseDeploySettings({
    connectInstanceArn: tryGetContext("connectInstanceArn"),
    queues: json("queues"),
    workingQueue: tryGetContext("workingQueue"),
    channelSecretArn: tryGetContext("channelSecretArn"),
    settings: json("settings"),
  });
}
