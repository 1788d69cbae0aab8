import { storedQueues } from "../../console/operations-view.ts";
import type { QueuePolicy } from "../../core/policy/queue-policy.ts";
import { CONNECTION_HELP, CONNECTION_OPTIONS, parseCommandArgs } from "./command-args.ts";
import type { OpsTable } from "./connect-table.ts";
import { connectQueueNames } from "./console-queue-names.ts";
import type { OpsCommand } from "./ops-command.ts";
import { type OpsContext, printLine } from "./ops-context.ts";
import { listStored, readStored } from "./queue-lookup.ts";
import { withTable } from "./thresholds-command.ts";
import { UsageError } from "./usage-error.ts";

const FLAGS = {
  ...CONNECTION_OPTIONS,
  write: { type: "boolean" },
  port: { type: "string" },
  instance: { type: "string" },
  "connect-endpoint": { type: "string" },
} as const;

/** Why the page may not edit without --write; the 403 and the page's note both say it. */
const READ_ONLY = "started without --write";

export const consoleCommand: OpsCommand = {
  name: "console",
  summary: "the console's Operations panel in a browser, on 127.0.0.1 (read-only unless --write)",
  help: `Usage: npm run ops -- console [--write] [--port <n>] [--instance <arn>]

Serves the funnel per queue and channel and each queue's threshold policy as a web page on
127.0.0.1 only, from the table as the other commands read it, with your AWS credentials.
Prints the page's URL and runs until Ctrl-C. The page updates itself every few seconds.

  --write                     allow editing policies (validated as \`thresholds set\` validates)
  --port <n>                  the port to listen on (default: any free one)
  --instance <arn>            the Connect instance, to show queue names instead of ids
  --connect-endpoint <url>    a local Amazon Connect endpoint (the sandbox's emulator)

${CONNECTION_HELP}`,
  run: (args, context) => serveOpsConsole({ args, context, until: nextStopSignal() }),
};

/**
 * The command's body, until `until` settles (SIGINT or SIGTERM from the command line; a
 * test passes its own). Without --write every edit is refused 403 and the page says why.
 */
export async function serveOpsConsole(options: {
  args: readonly string[];
  context: OpsContext;
  until: Promise<unknown>;
}): Promise<number> {
  const { args, context } = options;
  const { values } = parseCommandArgs({ args, flags: FLAGS, positionals: [] });
  const port = parsePort(values.port);
  if (values["connect-endpoint"] !== undefined && values.instance === undefined) {
    throw new UsageError("--connect-endpoint needs --instance <arn>");
  }
  const names = values.instance
    ? connectQueueNames({
        instanceArn: values.instance,
        endpoint: values["connect-endpoint"],
        warn: (message) => printLine(context.stderr, `warning: ${message}`),
      })
    : undefined;
  try {
    return await withTable(values, context, async (table) => {
      // Loaded only here: the page's bundler stays out of every other ops command.
      const { startOpsConsole } = await import("../../console/ops-console.ts");
      const page = await startOpsConsole({
        source: operationsSource(table, names?.nameOf),
        where: table.where,
        readOnly: values.write ? undefined : READ_ONLY,
        port,
      });
      const mode = values.write ? "policies editable (--write)" : `read-only: ${READ_ONLY}`;
      printLine(context.stdout, `console ${page.url}  (${table.where}; ${mode})`);
      printLine(context.stdout, "loopback only; Ctrl-C stops it");
      try {
        await options.until;
      } finally {
        await page.close();
      }
      return 0;
    });
  } finally {
    names?.close();
  }
}

/** The table's stores as the CLI reads them: an invalid stored policy is named as a fault. */
function operationsSource(
  table: OpsTable,
  nameOf: ((queueId: string) => Promise<string | undefined>) | undefined,
) {
  const policies = {
    getPolicy: (queueId: string) => readStored(() => table.policies.getPolicy(queueId), queueId),
    listPolicies: () => listStored(table),
    putPolicy: (policy: QueuePolicy) => table.policies.putPolicy(policy),
  };
  return { policies, funnel: table.funnel, queues: () => storedQueues(policies, nameOf) };
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new UsageError(`--port: expected a port number 0-65535, got "${value}"`);
  }
  return port;
}

function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
