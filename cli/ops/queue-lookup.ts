import { isDeflectError } from "../../core/errors.ts";
import type { QueuePolicy } from "../../core/policy/queue-policy.ts";
import type { OpsTable } from "./connect-table.ts";
import { UsageError } from "./usage-error.ts";

/**
 * The queue a command names, by id or by the name its policy carries (any case). A name
 * two policies share is refused; anything else that matches nothing is taken as an id.
 */
export async function resolveQueueId(table: OpsTable, ref: string): Promise<string> {
  let policies: readonly QueuePolicy[];
  try {
    policies = await table.policies.listPolicies();
  } catch {
    // A stored policy fails validation, so names cannot be read; the id path reports it.
    return ref;
  }
  if (policies.some((p) => p.queueId === ref)) return ref;
  const wanted = ref.trim().toLowerCase();
  const named = policies.filter((p) => p.queueName?.toLowerCase() === wanted);
  if (named.length > 1) {
    const ids = named.map((p) => p.queueId).join(", ");
    throw new UsageError(`"${ref}" names more than one queue (${ids}); give the id`);
  }
  return named[0]?.queueId ?? ref;
}

/** The queue's policy, by id or name, or a UsageError that lists the queues the table has. */
export async function requirePolicy(table: OpsTable, ref: string): Promise<QueuePolicy> {
  const queueId = await resolveQueueId(table, ref);
  const policy = await readStored(() => table.policies.getPolicy(queueId), queueId);
  if (policy) return policy;
  throw await unknownQueue(table, ref);
}

export async function unknownQueue(table: OpsTable, ref: string): Promise<UsageError> {
  const known = (await listStored(table)).map((p) => describeQueue(p));
  const hint = known.length > 0 ? `known queues: ${known.join(", ")}` : "the table has none";
  return new UsageError(`no queue "${ref}" (by id or name) in ${table.where}; ${hint}`);
}

/** `Support (e241…)`, or the bare id for a policy without a name. */
export function describeQueue(policy: Pick<QueuePolicy, "queueId" | "queueName">): string {
  return policy.queueName ? `${policy.queueName} (${policy.queueId})` : policy.queueId;
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
