import { type DayRange, type FunnelRow, funnelReport } from "../../core/funnel/funnel-report.ts";
import type { QueuePolicy } from "../../core/policy/queue-policy.ts";
import type { FunnelCount, FunnelStage } from "../../core/ports/funnel-recorder.ts";
import { CONNECTION_HELP, CONNECTION_OPTIONS, parseCommandArgs } from "./command-args.ts";
import type { OpsTable } from "./connect-table.ts";
import type { OpsCommand } from "./ops-command.ts";
import { printLine } from "./ops-context.ts";
import { describeQueue, listStored, requirePolicy } from "./queue-lookup.ts";
import { formatTable } from "./text-table.ts";
import { withTable } from "./thresholds-command.ts";
import { UsageError } from "./usage-error.ts";

// Where a stage without a place on the path goes when listing every counter (--reasons).
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

const STEP_HEADERS = [
  "OFFERED",
  "ACCEPTED",
  "SENT",
  "DELIVERED",
  "REPLIED",
  "CHAT",
  "AGENT",
  "ENDED",
];

export const funnelCommand: OpsCommand = {
  name: "funnel",
  summary: "the funnel per queue, channel and day, each step's rate, shadow offers beside",
  help: `Usage: npm run ops -- funnel [<queue>] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]

For one queue (its id, or the name its policy carries), or every queue with a policy: per
channel and UTC day, then the total over the range, the path offered → accepted → sent →
delivered → replied → chat started → agent connected → ended, each step's count with its
rate from the step before, and beside it the shadow offers, declines and failed sends.

  --from <day>        the first UTC day counted (YYYY-MM-DD; default: the first recorded)
  --to <day>          the last UTC day counted (YYYY-MM-DD; default: the last recorded)
  --json              print the report as JSON instead
  --reasons           list every stored counter instead: day, channel, stage, reason, count

${CONNECTION_HELP}`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs({
      args,
      flags: {
        ...CONNECTION_OPTIONS,
        json: { type: "boolean" },
        reasons: { type: "boolean" },
        from: { type: "string" },
        to: { type: "string" },
      },
      positionals: ["[<queue>]"],
    });
    const range = dayRange(values);
    return withTable(values, context, async (table) => {
      const queues = await queuesFor(table, positionals[0]);
      const counts = (await Promise.all(queues.map((q) => table.funnel.counts(q.queueId)))).flat();
      if (values.reasons) {
        const rows = sortCounts(counts.filter((c) => inRange(c.day, range)));
        printLine(context.stdout, values.json ? JSON.stringify(rows, null, 2) : reasonTable(rows));
        return 0;
      }
      const report = funnelReport(counts, range);
      if (values.json) {
        printLine(context.stdout, JSON.stringify(report, null, 2));
      } else if (report.length === 0) {
        printLine(context.stdout, `${queues.map(describeQueue).join(", ")}: no funnel counts yet`);
      } else {
        printLine(context.stdout, reportTable(report, queues));
      }
      return 0;
    });
  },
};

/** The named queue's policy, or every policy when none is named. */
async function queuesFor(table: OpsTable, ref: string | undefined): Promise<QueuePolicy[]> {
  if (ref !== undefined) return [await requirePolicy(table, ref)];
  return [...(await listStored(table))];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayRange(values: { from?: string | undefined; to?: string | undefined }): DayRange {
  for (const [flag, day] of [
    ["--from", values.from],
    ["--to", values.to],
  ] as const) {
    if (day !== undefined && (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))) {
      throw new UsageError(`${flag}: expected a day as YYYY-MM-DD, got "${day}"`);
    }
  }
  if (values.from && values.to && values.from > values.to) {
    throw new UsageError(`--from ${values.from} is after --to ${values.to}`);
  }
  return {
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
  };
}

const inRange = (day: string, range: DayRange) =>
  (range.from === undefined || day >= range.from) && (range.to === undefined || day <= range.to);

function reportTable(report: readonly FunnelRow[], queues: readonly QueuePolicy[]): string {
  const names = new Map(queues.map((q) => [q.queueId, q.queueName ?? q.queueId]));
  const rows = report.map((row) => [
    names.get(row.queueId) ?? row.queueId,
    row.channel,
    row.day,
    ...row.steps.map((step) => `${step.count}${rate(step.rate)}`),
    String(row.shadowOffered),
    String(row.declined),
    String(row.sendFailed),
  ]);
  const headers = ["QUEUE", "CHANNEL", "DAY", ...STEP_HEADERS, "SHADOW", "DECLINED", "FAILED"];
  const right = headers.map((_, i) => i).filter((i) => i >= 3);
  return formatTable(headers, rows, { alignRight: right });
}

const rate = (value: number | null) => (value === null ? "" : ` ${Math.round(value * 100)}%`);

function reasonTable(rows: readonly FunnelCount[]): string {
  const cells = rows.map((c) => [c.day, c.channel, c.stage, c.reason, String(c.count)]);
  return formatTable(["DAY", "CHANNEL", "STAGE", "REASON", "COUNT"], cells, { alignRight: [4] });
}

function sortCounts(counts: readonly FunnelCount[]): FunnelCount[] {
  const rank = (stage: string) => {
    const index = STAGE_ORDER.indexOf(stage as FunnelStage);
    return index < 0 ? STAGE_ORDER.length : index;
  };
  return [...counts].sort(
    (a, b) =>
      a.queueId.localeCompare(b.queueId) ||
      a.day.localeCompare(b.day) ||
      a.channel.localeCompare(b.channel) ||
      rank(a.stage) - rank(b.stage) ||
      a.reason.localeCompare(b.reason),
  );
}
