import { readFile } from "node:fs/promises";
import * as z from "zod";
import { loadOpsConfig } from "../../config/ops-config.ts";
import { isDeflectError } from "../../core/errors.ts";
import { UsageError } from "./usage-error.ts";

/** One deployed installation, as the doctor checks it. */
export interface Installation {
  readonly region: string;
  readonly instanceArn: string;
  readonly instanceId: string;
  readonly tableName: string;
  readonly secretArn: string;
  readonly topicArn: string;
  /** The flows are named `<prefix><name>` in the instance (infra/contact-flows.ts). */
  readonly flowPrefix: string;
  /** Queues to check besides those the flows and the table name. */
  readonly queueIds: readonly string[];
  /** Functions the stack names in its outputs, checked besides those the flows invoke. */
  readonly functionArns: readonly string[];
}

/** Local stand-ins; unset means AWS with the operator's credentials. */
export interface Endpoints {
  readonly connect?: string;
  readonly dynamodb?: string;
  readonly secretsManager?: string;
  readonly sns?: string;
}

export interface TargetFlags {
  readonly outputs?: string | undefined;
  readonly stack?: string | undefined;
  readonly config?: string | undefined;
  readonly instance?: string | undefined;
  readonly secret?: string | undefined;
  readonly table?: string | undefined;
  readonly topic?: string | undefined;
  readonly region?: string | undefined;
  readonly queue?: readonly string[] | undefined;
  readonly "flow-prefix"?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly "connect-endpoint"?: string | undefined;
  readonly "secrets-endpoint"?: string | undefined;
  readonly "sns-endpoint"?: string | undefined;
}

const DEFAULT_STACK = "ConnectDeflect";
const INSTANCE_ARN = /^arn:aws[a-z-]*:connect:([a-z0-9-]+):(\d{12}):instance\/([0-9a-f-]{36})$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const endpoint = z.url({ protocol: /^https?$/, message: "expected an http(s) URL" });

// The outputs the doctor reads (infra/deflect-stack.ts CfnOutput ids); others are ignored.
const outputsSchema = z.looseObject({
  TableName: z.string().optional(),
  ChatStreamingTopicArn: z.string().optional(),
  ConnectInstanceArn: z.string().optional(),
  ChannelSecretArn: z.string().optional(),
  FlowNamePrefix: z.string().optional(),
  DeflectFunctionArn: z.string().optional(),
  TranscribeFunctionArn: z.string().optional(),
});
const configSchema = z.looseObject({
  connectInstanceArn: z.string().optional(),
  channelSecretArn: z.string().optional(),
});

/** The installation the flags and files name; a UsageError says what is missing or wrong. */
export async function resolveTarget(
  flags: TargetFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ installation: Installation; endpoints: Endpoints }> {
  const outputs = flags.outputs ? await readOutputs(flags.outputs, flags.stack) : {};
  const config = flags.config ? await readJson(flags.config, "--config", configSchema) : {};
  const instanceArn = flags.instance ?? outputs.ConnectInstanceArn ?? config.connectInstanceArn;
  const secretArn = flags.secret ?? outputs.ChannelSecretArn ?? config.channelSecretArn;
  const topicArn = flags.topic ?? outputs.ChatStreamingTopicArn;
  const missing = [
    instanceArn ? "" : "the Connect instance (--instance <arn>)",
    secretArn ? "" : "the channel secret (--secret <arn>)",
    topicArn ? "" : "the chat streaming topic (--topic <arn>)",
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new UsageError(
      `doctor needs ${missing.join(", ")}: pass them, or --outputs <file> from \`cdk deploy --outputs-file <file>\``,
    );
  }
  const instance = INSTANCE_ARN.exec(instanceArn ?? "");
  if (!instance) throw new UsageError(`--instance: expected a Connect instance ARN`);
  if (!SECRET_ARN.test(secretArn ?? "")) throw new UsageError("--secret: expected a secret ARN");
  if (!TOPIC_ARN.test(topicArn ?? "")) throw new UsageError("--topic: expected an SNS topic ARN");
  const ops = opsConfig(env, {
    table: flags.table ?? outputs.TableName,
    region: flags.region ?? instance[1],
    endpoint: flags.endpoint,
  });
  const installation: Installation = {
    region: ops.region,
    instanceArn: instanceArn ?? "",
    instanceId: instance[3] ?? "",
    tableName: ops.tableName,
    secretArn: secretArn ?? "",
    topicArn: topicArn ?? "",
    flowPrefix: flags["flow-prefix"] ?? outputs.FlowNamePrefix ?? "deflect-",
    queueIds: flags.queue ?? [],
    functionArns: [outputs.DeflectFunctionArn, outputs.TranscribeFunctionArn].filter(
      (arn): arn is string => arn !== undefined,
    ),
  };
  const endpoints: Endpoints = {
    ...(ops.dynamoEndpoint ? { dynamodb: ops.dynamoEndpoint } : {}),
    ...endpointFlag("connect", "--connect-endpoint", flags["connect-endpoint"]),
    ...endpointFlag("secretsManager", "--secrets-endpoint", flags["secrets-endpoint"]),
    ...endpointFlag("sns", "--sns-endpoint", flags["sns-endpoint"]),
  };
  return { installation, endpoints };
}

function opsConfig(...args: Parameters<typeof loadOpsConfig>) {
  try {
    return loadOpsConfig(...args);
  } catch (error) {
    if (isDeflectError(error)) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

function endpointFlag(key: keyof Endpoints, flag: string, value: string | undefined) {
  if (value === undefined) return {};
  if (!endpoint.safeParse(value).success) throw new UsageError(`${flag}: expected an http(s) URL`);
  return { [key]: value };
}

/** `cdk deploy --outputs-file` writes `{ "<stack>": { "<output>": "<value>" } }`. */
async function readOutputs(path: string, stack: string | undefined) {
  const stacks = await readJson(path, "--outputs", z.record(z.string(), outputsSchema));
  const names = Object.keys(stacks);
  const name = stack ?? (names.length === 1 ? names[0] : DEFAULT_STACK);
  const outputs = name === undefined ? undefined : stacks[name];
  if (!outputs) {
    const known = names.length > 0 ? names.join(", ") : "none";
    throw new UsageError(
      `--outputs: no stack "${name}" in ${path} (stacks: ${known}); pass --stack`,
    );
  }
  return outputs;
}

async function readJson<T extends z.ZodType>(path: string, flag: string, schema: T) {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${flag}: ${path} is not JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${flag}: ${path} is not what it should be`);
  return parsed.data as z.output<T>;
}
