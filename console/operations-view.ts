import { diffPolicies, formatChanges } from "../cli/ops/policy-diff.ts";
import { applyPolicyFlags, type PolicyFlags } from "../cli/ops/policy-flags.ts";
import { channelsSummary, windowsSummary } from "../cli/ops/policy-summary.ts";
import { UsageError } from "../cli/ops/usage-error.ts";
import { FUNNEL_PATH } from "../config/metric-names.ts";
import { isDeflectError } from "../core/errors.ts";
import { parseQueuePolicy, type QueuePolicy } from "../core/policy/queue-policy.ts";
import type { LocalWorld } from "../sandbox/local-world.ts";
import type {
  FunnelLine,
  OperationsView,
  PolicyEditAnswer,
  QueueOperations,
} from "./console-view.ts";

/** The page's policy form: the `thresholds set` flags it offers, as typed. */
export interface PolicyForm {
  readonly mode?: string | undefined;
  readonly on?: string | undefined;
  readonly off?: string | undefined;
  readonly "max-share"?: string | undefined;
}

/** Which form field a policy key belongs to, so a refusal shows next to it. */
const FIELD_OF_KEY: Readonly<Record<string, keyof PolicyForm>> = {
  mode: "mode",
  "thresholds.onWaitSeconds": "on",
  "thresholds.offWaitSeconds": "off",
  maxOfferShare: "max-share",
};

/** Each queue's policy (as `thresholds list` summarises it) and its funnel per channel. */
export async function operationsView(world: LocalWorld): Promise<OperationsView> {
  const queues = await Promise.all(
    Object.entries(world.queueIds).map(async ([name, queueId]): Promise<QueueOperations> => {
      const [policy, counts] = await Promise.all([
        world.policies.getPolicy(queueId),
        world.funnel.counts(queueId),
      ]);
      return {
        queueId,
        name,
        ...(policy ? { policy: policyView(policy) } : {}),
        funnel: funnelLines(counts),
      };
    }),
  );
  return { queues };
}

function policyView(policy: QueuePolicy) {
  return {
    mode: policy.mode,
    onWaitSeconds: policy.thresholds.onWaitSeconds,
    offWaitSeconds: policy.thresholds.offWaitSeconds,
    maxOfferShare: policy.maxOfferShare,
    windows: windowsSummary(policy.windows),
    channels: channelsSummary(policy),
    timeZone: policy.timeZone,
  };
}

/** Every day's counters summed per channel: the path stage by stage, then the ways out. */
function funnelLines(
  counts: readonly { channel: string; stage: string; reason: string; count: number }[],
): FunnelLine[] {
  const channels = [...new Set(counts.map((c) => c.channel))].sort();
  return channels.map((channel) => {
    const rows = counts.filter((c) => c.channel === channel);
    const total = (stage: string) =>
      rows.filter((r) => r.stage === stage).reduce((sum, r) => sum + r.count, 0);
    const off = new Map<string, number>();
    for (const row of rows.filter((r) => !(FUNNEL_PATH as readonly string[]).includes(r.stage))) {
      const label = `${row.stage}${row.reason === "-" ? "" : ` (${row.reason})`}`;
      off.set(label, (off.get(label) ?? 0) + row.count);
    }
    return {
      channel,
      path: FUNNEL_PATH.map((stage) => ({ stage, count: total(stage) })),
      also: [...off].map(([label, count]) => ({ label, count })),
    };
  });
}

/**
 * Applies the form to the stored policy with the CLI's own flag handling and the core's
 * validation (`thresholds set` and `thresholds shadow` go through the same two), and writes
 * only a valid result. A refusal names the field at fault.
 */
export async function editPolicy(
  world: LocalWorld,
  queueId: string,
  form: PolicyForm,
): Promise<PolicyEditAnswer> {
  const before = await world.policies.getPolicy(queueId);
  if (!before) return { saved: false, errors: { form: `no policy for queue ${queueId}` } };
  const flags: PolicyFlags = Object.fromEntries(
    Object.entries(form).filter(([, value]) => value !== undefined && value !== ""),
  );
  let after: QueuePolicy;
  try {
    after = parseQueuePolicy(applyPolicyFlags(before, flags));
  } catch (error) {
    return { saved: false, errors: fieldErrors(error) };
  }
  // The CLI aligns its lines for a terminal; the page lists them.
  const changes = formatChanges(diffPolicies(before, after)).map((line) =>
    line.trim().replace(/\s+/g, " "),
  );
  if (changes.length > 0) await world.policies.putPolicy(after);
  return { saved: true, changes };
}

/** `--on: expected whole seconds…` and `thresholds.offWaitSeconds: …`, by form field. */
function fieldErrors(error: unknown): Record<string, string> {
  if (error instanceof UsageError) {
    const flag = /^--([a-z-]+):\s*/.exec(error.message);
    if (flag?.[1]) return { [flag[1]]: error.message.slice(flag[0].length) };
    return { form: error.message };
  }
  if (isDeflectError(error) && error.code === "INVALID_CONFIG") {
    const issues = (error.details.issues as string[] | undefined) ?? [error.message];
    const errors: Record<string, string> = {};
    for (const issue of issues) {
      const [key = "", ...rest] = issue.split(": ");
      const field = FIELD_OF_KEY[key] ?? "form";
      errors[field] = [errors[field], rest.join(": ") || issue].filter(Boolean).join("; ");
    }
    return errors;
  }
  throw error;
}
