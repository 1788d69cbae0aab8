import { parseQueuePolicy } from "../../core/policy/queue-policy.ts";
import type { ConnectionFlags } from "./connect-table.ts";
import { type OpsContext, printLine } from "./ops-context.ts";
import { diffPolicies, formatChanges } from "./policy-diff.ts";
import { applyPolicyFlags } from "./policy-flags.ts";
import { describeQueue, requirePolicy } from "./queue-lookup.ts";
import type { Recommendation } from "./simulate-recommend.ts";
import { withTable } from "./thresholds-command.ts";
import { UsageError } from "./usage-error.ts";

/**
 * `simulate --apply <queue>`: writes the recommended thresholds into the queue's policy in
 * shadow mode, through the same flags and validation as `thresholds set`, so the table records
 * what the threshold would offer before anyone is offered anything. Says how to go live.
 */
export async function applyRecommendation(options: {
  queue: string;
  recommendation: Recommendation | undefined;
  offRatio: number;
  flags: ConnectionFlags;
  context: OpsContext;
}): Promise<void> {
  const { recommendation, context } = options;
  if (!recommendation) throw new UsageError("--apply needs --target: what should it apply?");
  const { threshold } = recommendation;
  if (threshold === undefined || !recommendation.meets) {
    throw new UsageError("--apply: no threshold met the target on new draws; nothing written");
  }
  if (threshold === "off") {
    throw new UsageError("--apply: the target is met without deflection; nothing to write");
  }
  await withTable(options.flags, context, async (table) => {
    const before = await requirePolicy(table, options.queue);
    const after = parseQueuePolicy(
      applyPolicyFlags(before, {
        on: String(threshold),
        off: String(Math.round(threshold * options.offRatio)),
        mode: "shadow",
      }),
    );
    const name = describeQueue(before);
    printLine(context.stdout, `${name}:`);
    for (const line of formatChanges(diffPolicies(before, after))) printLine(context.stdout, line);
    await table.policies.putPolicy(after);
    printLine(
      context.stdout,
      `saved to ${table.where}, in shadow mode: it records, offers nothing.`,
    );
    printLine(
      context.stdout,
      `Watch it with \`npm run ops -- funnel ${options.queue}\`; go live with \`npm run ops -- thresholds shadow ${options.queue} --off\`.`,
    );
  });
}
