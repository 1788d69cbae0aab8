import { setTimeout as sleep } from "node:timers/promises";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { inject } from "vitest";
import { DynamoFunnelRecorder } from "../../adapters/dynamodb/dynamo-funnel-recorder.ts";
import { DynamoThresholdPolicyStore } from "../../adapters/dynamodb/dynamo-threshold-policy-store.ts";
import { parseQueuePolicy, type QueuePolicyInput } from "../../core/policy/queue-policy.ts";
import { freshTable } from "../../test/support/dynamo-table.ts";
import type { OpsContext } from "./ops-context.ts";
import { runOps } from "./run-ops.ts";

export interface OpsRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process and collects what it printed. */
export async function captureOps(
  argv: readonly string[],
  context: Omit<OpsContext, "stdout" | "stderr">,
): Promise<OpsRun> {
  let stdout = "";
  let stderr = "";
  const code = await runOps(argv, {
    ...context,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/** A fresh table on the shared dynalite, the environment that names it, and its stores. */
export async function opsTestTable() {
  const { client, documentClient, tableName } = await freshTable("ops");
  // freshTable returns once CreateTable is accepted; dynalite answers "not found" until ACTIVE.
  // (The SDK waiter polls once a second at best; a short loop keeps the tests quick.)
  for (let tries = 0; tries < 200; tries++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === "ACTIVE") break;
    await sleep(10);
  }
  const env = {
    DEFLECT_TABLE_NAME: tableName,
    DEFLECT_DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
  };
  const policies = new DynamoThresholdPolicyStore({ documentClient, tableName });
  return {
    env,
    tableName,
    documentClient,
    policies,
    funnel: new DynamoFunnelRecorder({ documentClient, tableName }),
    ops: (...argv: string[]) => captureOps(argv, { env }),
    seed: async (...inputs: QueuePolicyInput[]) => {
      for (const input of inputs) await policies.putPolicy(parseQueuePolicy(input));
    },
    close: () => client.destroy(),
  };
}

export const SUPPORT: QueuePolicyInput = {
  queueId: "support",
  timeZone: "Europe/London",
  mode: "live",
  thresholds: { onWaitSeconds: 300, offWaitSeconds: 240 },
  windows: [
    { days: ["mon", "tue", "wed", "thu", "fri"], start: "08:00", end: "20:00" },
    { days: ["sat"], start: "09:00", end: "17:00" },
  ],
  channels: { whatsapp: { enabled: true }, sms: { enabled: true } },
  channelOrder: ["whatsapp", "sms"],
};

export const BILLING: QueuePolicyInput = {
  queueId: "billing",
  timeZone: "America/New_York",
  mode: "shadow",
  thresholds: { onWaitSeconds: 600, offWaitSeconds: 420 },
  maxOfferShare: 0.5,
  channels: { sms: { enabled: true, thresholds: { onWaitSeconds: 900, offWaitSeconds: 600 } } },
  channelOrder: ["sms"],
};
