import { type ConnectClient, DescribeQueueCommand } from "@aws-sdk/client-connect";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoThresholdPolicyStore } from "../../adapters/dynamodb/dynamo-threshold-policy-store.ts";
import type { QueuePolicy } from "../../core/policy/queue-policy.ts";
import { type Finding, fix, ok, reasonOf } from "./doctor-report.ts";
import type { Installation } from "./doctor-target.ts";
import { readStored } from "./queue-lookup.ts";

/** Every queue in use has a threshold policy; shadow and off are named, as they offer nothing. */
export async function checkPolicies(options: {
  connect: ConnectClient;
  documentClient: DynamoDBDocumentClient;
  target: Installation;
  /** Queues the flows route to. */
  flowQueueIds: ReadonlySet<string>;
}): Promise<{ findings: Finding[]; policies: readonly QueuePolicy[] }> {
  const { connect, documentClient, target } = options;
  const store = new DynamoThresholdPolicyStore({ documentClient, tableName: target.tableName });
  let policies: readonly QueuePolicy[];
  try {
    policies = await readStored(() => store.listPolicies());
  } catch (error) {
    return { findings: [fix("policies", `cannot be read: ${reasonOf(error)}`)], policies: [] };
  }
  const byQueue = new Map(policies.map((p) => [p.queueId, p]));
  const queueIds = [...new Set([...options.flowQueueIds, ...target.queueIds, ...byQueue.keys()])];
  const findings: Finding[] = [];
  for (const queueId of queueIds.sort()) {
    const name = await queueName(connect, target.instanceId, queueId);
    const item = `queue ${name ?? "?"} (${queueId})`;
    const policy = byQueue.get(queueId);
    if (name === undefined) {
      findings.push(
        fix(item, "not in the instance: the policy or the flows name a queue that is gone"),
      );
    } else if (!policy) {
      findings.push(
        fix(
          item,
          `no threshold policy, so no caller is offered anything: seed one in shadow mode, e.g. \`npm run ops -- thresholds set ${queueId} --mode shadow --tz Europe/London --enable sms\``,
        ),
      );
    } else {
      findings.push(ok(item, MODE_TEXT[policy.mode]));
    }
  }
  return { findings, policies };
}

const MODE_TEXT: Readonly<Record<QueuePolicy["mode"], string>> = {
  live: "policy live",
  shadow: "policy in shadow mode (decides and records, offers nothing)",
  off: "policy off (offers nothing)",
};

async function queueName(connect: ConnectClient, instanceId: string, queueId: string) {
  try {
    const { Queue } = await connect.send(
      new DescribeQueueCommand({ InstanceId: instanceId, QueueId: queueId }),
    );
    return Queue?.Name ?? queueId;
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") return undefined;
    throw error;
  }
}
