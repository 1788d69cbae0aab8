import { isDeflectError } from "../../core/errors.ts";
import type { QueuePolicy } from "../../core/policy/queue-policy.ts";
import type { OpsTable } from "./connect-table.ts";
import { UsageError } from "./usage-error.ts";

/** The queue's policy, or a UsageError that lists the queues the table does have. */
export async function requirePolicy(table: OpsTable, queueId: string): Promise<QueuePolicy> {
  const policy = await readStored(() => table.policies.getPolicy(queueId), queueId);
  if (policy) return policy;
  throw await unknownQueue(table, queueId);
}

export async function unknownQueue(table: OpsTable, queueId: string): Promise<UsageError> {
  const known = (await listStored(table)).map((p) => p.queueId);
  const hint = known.length > 0 ? `known queues: ${known.join(", ")}` : "the table has none";
  return new UsageError(`no policy for queue "${queueId}" in ${table.where}; ${hint}`);
}

export function listStored(table: OpsTable): Promise<readonly QueuePolicy[]> {
  return readStored(() => table.policies.listPolicies());
}

/**
 * The store validates what it reads; a stored item that fails is a fault in the table, not in
 * the command line, so it becomes a runtime failure that says where it came from.
 */
export async function readStored<T>(read: () => Promise<T>, queueId?: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!isDeflectError(error) || error.code !== "INVALID_CONFIG") throw error;
    const which = queueId ? `the stored policy of queue "${queueId}"` : "a stored policy";
    throw new Error(`${which} is invalid (${error.message})`, { cause: error });
  }
}
