import { resolve } from "node:path";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { createDocumentClients } from "../../adapters/dynamodb/document-client.ts";
import { DynamoFunnelRecorder } from "../../adapters/dynamodb/dynamo-funnel-recorder.ts";
import { DynamoThresholdPolicyStore } from "../../adapters/dynamodb/dynamo-threshold-policy-store.ts";
import { loadOpsConfig, type OpsConfig } from "../../config/ops-config.ts";
import { isDeflectError } from "../../core/errors.ts";
import { DEMO } from "../../sandbox/demo-instance.ts";
import { displayPath, startSandboxDynamo } from "./local-table.ts";
import type { OpsContext } from "./ops-context.ts";
import { UsageError } from "./usage-error.ts";

// An endpoint override means a local stand-in (dynalite): it accepts any signature.
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

export interface ConnectionFlags {
  readonly table?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  readonly local?: boolean | undefined;
}

/** The product's table as the operator tools use it. Close it when done. */
export interface OpsTable {
  readonly policies: DynamoThresholdPolicyStore;
  readonly funnel: DynamoFunnelRecorder;
  /** Where the table lives, for messages: `support-table (http://127.0.0.1:1234)`. */
  readonly where: string;
  close(): Promise<void>;
}

/** Connects to the table the flags and environment name, and checks that it exists. */
export async function connectTable(flags: ConnectionFlags, context: OpsContext): Promise<OpsTable> {
  if (flags.local && flags.endpoint !== undefined) {
    throw new UsageError("--local starts its own DynamoDB; leave out --endpoint");
  }
  if (!flags.local) return openTable(connectionConfig(context.env, flags));
  // Validate before starting anything, so a bad --table costs no server start.
  const config = connectionConfig(
    {},
    { table: flags.table ?? DEMO.tableName, region: DEMO.region },
  );
  const dataDir = resolve(context.localDataDir ?? DEMO.dataDir);
  const local = await startSandboxDynamo(dataDir);
  try {
    // The endpoint lives only as long as this command, so messages name the folder instead.
    const sandbox = { seededBy: "npm start", place: displayPath(dataDir) };
    const table = await openTable({ ...config, dynamoEndpoint: local.endpoint }, sandbox);
    return { ...table, close: () => table.close().finally(() => local.close()) };
  } catch (error) {
    await local.close();
    throw error;
  }
}

/** A bad flag or variable is the operator's to fix, so it is a usage error. */
function connectionConfig(...args: Parameters<typeof loadOpsConfig>): OpsConfig {
  try {
    return loadOpsConfig(...args);
  } catch (error) {
    if (isDeflectError(error)) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

async function openTable(
  config: OpsConfig,
  sandbox?: { seededBy: string; place: string },
): Promise<OpsTable> {
  const { client, documentClient } = createDocumentClients({
    region: config.region,
    ...(config.dynamoEndpoint
      ? { endpoint: config.dynamoEndpoint, credentials: LOCAL_CREDENTIALS }
      : {}),
  });
  const where = `${config.tableName} (${sandbox?.place ?? config.dynamoEndpoint ?? config.region})`;
  try {
    await client.send(new DescribeTableCommand({ TableName: config.tableName }));
  } catch (error) {
    client.destroy();
    const { name, message } = error as Error;
    if (name !== "ResourceNotFoundException") {
      const reason = message.includes(name) || name === "Error" ? message : `${name}: ${message}`;
      throw new Error(`cannot open table ${where}: ${reason}`, { cause: error });
    }
    const hint = sandbox ? `: run \`${sandbox.seededBy}\` first` : "";
    throw new Error(`table ${where} does not exist${hint}`, { cause: error });
  }
  const table = { documentClient, tableName: config.tableName };
  return {
    policies: new DynamoThresholdPolicyStore(table),
    funnel: new DynamoFunnelRecorder(table),
    where,
    close: async () => client.destroy(),
  };
}
