import { diffPolicies, formatChanges } from "../cli/ops/policy-diff.ts";
import { applyPolicyFlags, type PolicyFlags } from "../cli/ops/policy-flags.ts";
import { channelsSummary, windowsSummary } from "../cli/ops/policy-summary.ts";
import { UsageError } from "../cli/ops/usage-error.ts";
import { isDeflectError } from "../core/errors.ts";
import { funnelReport } from "../core/funnel/funnel-report.ts";
import { parseQueuePolicy, type QueuePolicy } from "../core/policy/queue-policy.ts";
import type { FunnelCount } from "../core/ports/funnel-recorder.ts";
import type { ThresholdPolicyStore } from "../core/ports/threshold-policy-store.ts";
import type {
  FunnelLine,
  OperationsView,
  PolicyEditAnswer,
  QueueOperations,
} from "./console-view.ts";

/** What `npm run ops -- funnel` reads: every counter of a queue (DynamoFunnelRecorder). */
export interface FunnelReader {
  counts(queueId: string): Promise<readonly FunnelCount[]>;
}

/** A queue as the panel heads it: its id, and its name in Connect where known. */
export interface QueueName {
  readonly queueId: string;
  readonly name: string;
}

/**
 * What the Operations panel reads and writes, the same stores the CLI uses: the sandbox
 * passes its world's, `npm run ops -- console` the deployed table's.
 */
export interface OperationsSource {
  readonly policies: Pick<ThresholdPolicyStore, "getPolicy" | "putPolicy" | "listPolicies">;
  readonly funnel: FunnelReader;
  /** The queues to show, in order. */
  queues(): Promise<readonly QueueName[]>;
}

/**
 * Every queue with a stored policy (what `thresholds list` lists), named by `nameOf` where it
 * knows the queue, else by the name its policy carries, else by its id; sorted by name.
 */
export async function storedQueues(
  policies: Pick<ThresholdPolicyStore, "listPolicies">,
  nameOf: (queueId: string) => Promise<string | undefined> = async () => undefined,
): Promise<QueueName[]> {
  const queues = await Promise.all(
    (await policies.listPolicies()).map(async ({ queueId, queueName }) => ({
      queueId,
      name: (await nameOf(queueId)) ?? queueName ?? queueId,
    })),
  );
  return queues.sort((a, b) => a.name.localeCompare(b.name) || a.queueId.localeCompare(b.queueId));
}

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
export async function operationsView(
  source: OperationsSource,
  about: Pick<OperationsView, "readOnly" | "where"> = {},
): Promise<OperationsView> {
  const queues = await Promise.all(
    (await source.queues()).map(async ({ queueId, name }): Promise<QueueOperations> => {
      const [policy, counts] = await Promise.all([
        source.policies.getPolicy(queueId),
        source.funnel.counts(queueId),
      ]);
      return {
        queueId,
        name,
        ...(policy ? { policy: policyView(policy) } : {}),
        funnel: funnelLines(counts),
      };
    }),
  );
  return { ...about, queues };
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

/**
 * The CLI's report (`npm run ops -- funnel`) over every recorded day: one line per channel,
 * the path with each step's rate, then the ways out that happened.
 */
function funnelLines(counts: readonly FunnelCount[]): FunnelLine[] {
  return funnelReport(counts)
    .filter((row) => row.day === "total")
    .map((row) => ({
      channel: row.channel,
      path: row.steps.map(({ stage, count, rate }) => ({ stage, count, rate })),
      also: [
        { label: "shadow offers", count: row.shadowOffered },
        { label: "declined", count: row.declined },
        { label: "send failed", count: row.sendFailed },
      ].filter((way) => way.count > 0),
    }));
}

/**
 * Applies the form to the stored policy with the CLI's own flag handling and the core's
 * validation (`thresholds set` and `thresholds shadow` go through the same two), and writes
 * only a valid result. A refusal names the field at fault.
 */
export async function editPolicy(
  source: OperationsSource,
  queueId: string,
  form: PolicyForm,
): Promise<PolicyEditAnswer> {
  const before = await source.policies.getPolicy(queueId);
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
  if (changes.length > 0) await source.policies.putPolicy(after);
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
