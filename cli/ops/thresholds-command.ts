import { CONNECTION_HELP, CONNECTION_OPTIONS, parseCommandArgs } from "./command-args.ts";
import { connectTable, type OpsTable } from "./connect-table.ts";
import type { OpsCommand } from "./ops-command.ts";
import { type OpsContext, printLine } from "./ops-context.ts";
import { diffPolicies, formatChanges } from "./policy-diff.ts";
import { POLICY_HEADERS, policyRow } from "./policy-summary.ts";
import { describeQueue, listStored, requirePolicy } from "./queue-lookup.ts";
import { formatTable } from "./text-table.ts";

/** Connects as the flags say, runs `use`, and always closes what it opened. */
export async function withTable<T>(
  flags: Parameters<typeof connectTable>[0],
  context: OpsContext,
  use: (table: OpsTable) => Promise<T>,
): Promise<T> {
  const table = await connectTable(flags, context);
  try {
    return await use(table);
  } finally {
    await table.close();
  }
}

export const listCommand: OpsCommand = {
  name: "thresholds list",
  summary: "one row per queue: mode, thresholds, windows, share, channels, time zone",
  help: `Usage: npm run ops -- thresholds list [--json]

Lists every queue's threshold policy as an aligned table. ON S / OFF S are the queue's
thresholds in seconds; [on/off] after a window or channel marks its own thresholds.

  --json              print the full policies as a JSON array instead

${CONNECTION_HELP}`,
  async run(args, context) {
    const { values } = parseCommandArgs({
      args,
      flags: { ...CONNECTION_OPTIONS, json: { type: "boolean" } },
      positionals: [],
    });
    return withTable(values, context, async (table) => {
      const policies = await listStored(table);
      if (values.json) {
        printLine(context.stdout, JSON.stringify(policies, null, 2));
      } else if (policies.length === 0) {
        printLine(context.stdout, `no queue policies in ${table.where}`);
      } else {
        printLine(context.stdout, formatTable(POLICY_HEADERS, policies.map(policyRow), RIGHT));
      }
      return 0;
    });
  },
};

const RIGHT = { alignRight: [2, 3, 5] };

export const getCommand: OpsCommand = {
  name: "thresholds get",
  summary: "one queue's full policy as JSON (edit it and feed it back to `set --file`)",
  help: `Usage: npm run ops -- thresholds get <queue>

<queue> is the queue's id or the name its policy carries. Prints the queue's full policy, defaults filled in, as pretty JSON.

${CONNECTION_HELP}`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs({
      args,
      flags: CONNECTION_OPTIONS,
      positionals: ["<queue>"],
    });
    return withTable(values, context, async (table) => {
      const policy = await requirePolicy(table, positionals[0] ?? "");
      printLine(context.stdout, JSON.stringify(policy, null, 2));
      return 0;
    });
  },
};

export const shadowCommand: OpsCommand = {
  name: "thresholds shadow",
  summary: "switch a queue to shadow mode (decide and record, never offer), or back with --off",
  help: `Usage: npm run ops -- thresholds shadow <queue> [--off]

<queue> is the queue's id or the name its policy carries. Switches the queue to shadow mode: the deflect check decides and records, but offers
nothing. With --off the queue goes back to live. Prints the change.

  --off               back to live mode
  --dry-run           show the change without writing it

${CONNECTION_HELP}`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs({
      args,
      flags: { ...CONNECTION_OPTIONS, off: { type: "boolean" }, "dry-run": { type: "boolean" } },
      positionals: ["<queue>"],
    });
    const mode = values.off ? "live" : "shadow";
    return withTable(values, context, async (table) => {
      const before = await requirePolicy(table, positionals[0] ?? "");
      const queueId = describeQueue(before);
      if (before.mode === mode) {
        printLine(context.stdout, `${queueId}: already ${mode}; nothing written`);
        return 0;
      }
      const after = { ...before, mode } as const;
      printLine(context.stdout, `${queueId}:`);
      for (const line of formatChanges(diffPolicies(before, after))) {
        printLine(context.stdout, line);
      }
      if (values["dry-run"]) {
        printLine(context.stdout, "dry run: nothing written");
        return 0;
      }
      await table.policies.putPolicy(after);
      printLine(context.stdout, `saved to ${table.where}`);
      return 0;
    });
  },
};
