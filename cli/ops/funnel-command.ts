import type { FunnelCount } from "../../adapters/dynamodb/dynamo-funnel-recorder.ts";
import type { FunnelStage } from "../../core/ports/funnel-recorder.ts";
import { CONNECTION_HELP, CONNECTION_OPTIONS, parseCommandArgs } from "./command-args.ts";
import type { OpsCommand } from "./ops-command.ts";
import { printLine } from "./ops-context.ts";
import { readStored, unknownQueue } from "./queue-lookup.ts";
import { formatTable } from "./text-table.ts";
import { withTable } from "./thresholds-command.ts";

// The order a call moves through the funnel, so each day reads top to bottom.
const STAGE_ORDER: readonly FunnelStage[] = [
  "checked",
  "shadow-offered",
  "offered",
  "declined",
  "accepted",
  "sent",
  "send-failed",
  "delivered",
  "replied",
  "chat-started",
  "agent-connected",
  "ended",
];

export const funnelCommand: OpsCommand = {
  name: "funnel",
  summary: "a queue's funnel counts per UTC day, channel, stage and reason",
  help: `Usage: npm run ops -- funnel <queueId> [--json]

Prints the queue's funnel counters, one row per UTC day, channel, stage and reason
("-" where an event has no channel or reason).

  --json              print the counts as a JSON array instead

${CONNECTION_HELP}`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs({
      args,
      flags: { ...CONNECTION_OPTIONS, json: { type: "boolean" } },
      positionals: ["<queueId>"],
    });
    const queueId = positionals[0] ?? "";
    return withTable(values, context, async (table) => {
      const counts = sortCounts(await table.funnel.counts(queueId));
      if (counts.length === 0) {
        const policy = await readStored(() => table.policies.getPolicy(queueId), queueId);
        if (!policy) throw await unknownQueue(table, queueId);
      }
      if (values.json) {
        printLine(context.stdout, JSON.stringify(counts, null, 2));
      } else if (counts.length === 0) {
        printLine(context.stdout, `${queueId}: no funnel counts yet`);
      } else {
        const rows = counts.map((c) => [c.day, c.channel, c.stage, c.reason, String(c.count)]);
        const headers = ["DAY", "CHANNEL", "STAGE", "REASON", "COUNT"];
        printLine(context.stdout, formatTable(headers, rows, { alignRight: [4] }));
      }
      return 0;
    });
  },
};

function sortCounts(counts: readonly FunnelCount[]): FunnelCount[] {
  const rank = (stage: string) => {
    const index = STAGE_ORDER.indexOf(stage as FunnelStage);
    return index < 0 ? STAGE_ORDER.length : index;
  };
  return [...counts].sort(
    (a, b) =>
      a.day.localeCompare(b.day) ||
      a.channel.localeCompare(b.channel) ||
      rank(a.stage) - rank(b.stage) ||
      a.reason.localeCompare(b.reason),
  );
}
