import { readFile } from "node:fs/promises";
import { CHANNEL_KINDS } from "../../core/channel.ts";
import { isDeflectError } from "../../core/errors.ts";
import { parseQueuePolicy, type QueuePolicy } from "../../core/policy/queue-policy.ts";
import { CONNECTION_HELP, CONNECTION_OPTIONS, parseCommandArgs } from "./command-args.ts";
import type { OpsTable } from "./connect-table.ts";
import type { OpsCommand } from "./ops-command.ts";
import { printLine } from "./ops-context.ts";
import { diffPolicies, formatChanges } from "./policy-diff.ts";
import {
  applyPolicyFlags,
  hasPolicyFlags,
  POLICY_FLAG_OPTIONS,
  type PolicyFlags,
} from "./policy-flags.ts";
import { readStored, resolveQueueId } from "./queue-lookup.ts";
import { withTable } from "./thresholds-command.ts";
import { UsageError } from "./usage-error.ts";

export const setCommand: OpsCommand = {
  name: "thresholds set",
  summary: "change a queue's policy (or create one); validates, shows the diff, then writes",
  help: `Usage: npm run ops -- thresholds set <queue> [--file policy.json] [flags] [--dry-run]

<queue> is the queue's id, or the name its policy carries (--name). Merges the flags into the stored policy (or into the --file document), validates the
result, prints the changed keys before → after, and writes only a valid policy. A queue
without a policy gets a new one when --tz and at least one --enable are given.

  --file <path>           a whole policy document (JSON, as \`get\` prints); replaces the stored one
  --on <seconds>          offer once the wait reaches this
  --off <seconds>         stop offering once the wait falls below this (≤ --on)
  --channel <kind>        apply --on/--off to this channel only
  --mode <mode>           live, shadow (decide and record, never offer) or off
  --max-share <share>     the largest share of calls to offer: 0.5 or 50%
  --enable <kind>         switch a channel on (repeatable)
  --disable <kind>        switch a channel off (repeatable)
  --order <kinds>         the order to try channels in: whatsapp,sms
  --tz <zone>             the queue's IANA time zone: Europe/London
  --window <spec>         an offer window, "mon-fri 08:00-20:00" (repeatable; replaces all)
  --any-time              remove all windows: offer at any hour
  --name <queue name>     the queue's name in Connect; every command then takes it for the id
  --dry-run               validate and show the diff, write nothing

Channels: ${CHANNEL_KINDS.join(", ")}.

${CONNECTION_HELP}`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs({
      args,
      flags: {
        ...CONNECTION_OPTIONS,
        ...POLICY_FLAG_OPTIONS,
        file: { type: "string" },
        "dry-run": { type: "boolean" },
      },
      positionals: ["<queue>"],
    });
    const ref = positionals[0] ?? "";
    if (values.file === undefined && !hasPolicyFlags(values)) {
      throw new UsageError("nothing to set: pass --file or a flag such as --on (see --help)");
    }
    return withTable(values, context, async (table) => {
      const queueId = await resolveQueueId(table, ref);
      const file =
        values.file === undefined ? undefined : await readPolicyFile(values.file, queueId);
      const { before, note } = await storedBefore(table, queueId, file !== undefined);
      const base = file ?? before ?? newPolicy(queueId, values);
      const after = validated(applyPolicyFlags(base, values));
      const changes = diffPolicies(before, after);
      if (changes.length === 0) {
        printLine(context.stdout, `${queueId}: no change; nothing written`);
        return 0;
      }
      printLine(context.stdout, `${queueId}${note}:`);
      for (const line of formatChanges(changes)) printLine(context.stdout, line);
      if (values["dry-run"]) {
        printLine(context.stdout, "dry run: valid; nothing written");
        return 0;
      }
      await table.policies.putPolicy(after);
      printLine(context.stdout, `saved to ${table.where}`);
      return 0;
    });
  },
};

/** A broken stored policy can still be replaced whole with --file; flags need a valid base. */
async function storedBefore(
  table: OpsTable,
  queueId: string,
  replacing: boolean,
): Promise<{ before?: QueuePolicy; note: string }> {
  try {
    const before = await readStored(() => table.policies.getPolicy(queueId), queueId);
    return before ? { before, note: "" } : { note: " (new policy)" };
  } catch (error) {
    if (replacing && error instanceof Error && isDeflectError(error.cause)) {
      return { note: " (replacing a stored policy that fails validation)" };
    }
    throw error;
  }
}

function newPolicy(queueId: string, flags: PolicyFlags): QueuePolicy {
  if (flags.tz === undefined || (flags.enable ?? []).length === 0) {
    throw new UsageError(
      `no policy for queue "${queueId}" yet; to create one pass --tz <zone> and --enable <channel>`,
    );
  }
  return validated({ queueId, timeZone: flags.tz, channels: {} });
}

async function readPolicyFile(path: string, queueId: string): Promise<QueuePolicy> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--file ${path}: cannot read it (${error.code ?? error.message})`);
  });
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--file ${path}: not JSON (${(error as Error).message})`);
  }
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new UsageError(`--file ${path}: expected a JSON object, one queue's policy`);
  }
  const named = (document as { queueId?: unknown }).queueId;
  if (named !== undefined && named !== queueId) {
    throw new UsageError(`--file ${path}: queueId is ${JSON.stringify(named)}, not "${queueId}"`);
  }
  return validated({ ...document, queueId }, `--file ${path}: `);
}

/** parseQueuePolicy names every offending key; here that is the operator's input at fault. */
function validated(input: unknown, prefix = ""): QueuePolicy {
  try {
    return parseQueuePolicy(input);
  } catch (error) {
    if (isDeflectError(error)) throw new UsageError(`${prefix}${error.message}`, { cause: error });
    throw error;
  }
}
