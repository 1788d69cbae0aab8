import { consoleCommand } from "./console-command.ts";
import { doctorCommand } from "./doctor-command.ts";
import { funnelCommand } from "./funnel-command.ts";
import type { OpsCommand } from "./ops-command.ts";
import { type OpsContext, printLine } from "./ops-context.ts";
import { simulateCommand } from "./simulate-command.ts";
import { getCommand, listCommand, shadowCommand } from "./thresholds-command.ts";
import { setCommand } from "./thresholds-set.ts";
import { UsageError } from "./usage-error.ts";

const COMMANDS: readonly OpsCommand[] = [
  listCommand,
  getCommand,
  setCommand,
  shadowCommand,
  funnelCommand,
  doctorCommand,
  simulateCommand,
  consoleCommand,
];

const OVERVIEW = `Usage: npm run ops -- <command> [flags]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(20)}${c.summary}`).join("\n")}

Every command reads the table named by DEFLECT_TABLE_NAME (or --table), or with --local the
sandbox's table; doctor reads the whole installation; simulate reads no table at all. Run a
command with --help for its flags.
Exit status: 0 done, 2 bad usage or an invalid policy (nothing written), 1 a failure.`;

/**
 * Runs one operator command in-process and returns its exit status: 0 done, 2 a usage or
 * validation error (nothing written), 1 a runtime failure. Errors print as one line.
 */
export async function runOps(argv: readonly string[], context: OpsContext): Promise<number> {
  const wantsHelp = argv.includes("--help") || argv.includes("-h");
  const command = COMMANDS.find((c) => c.name.split(" ").every((word, i) => argv[i] === word));
  if (!command) {
    if (wantsHelp || argv.length === 0 || argv[0] === "help") {
      printLine(wantsHelp ? context.stdout : context.stderr, OVERVIEW);
      return wantsHelp ? 0 : 2;
    }
    const words = argv
      .filter((a) => !a.startsWith("-"))
      .slice(0, 2)
      .join(" ");
    return report(new UsageError(`unknown command "${words}"`), context);
  }
  if (wantsHelp) {
    printLine(context.stdout, command.help);
    return 0;
  }
  try {
    return await command.run(argv.slice(command.name.split(" ").length), context);
  } catch (error) {
    return report(error, context, command);
  }
}

function report(error: unknown, context: OpsContext, command?: OpsCommand): number {
  if (error instanceof UsageError) {
    const help = `npm run ops -- ${command?.name ?? ""}${command ? " " : ""}--help`;
    printLine(context.stderr, `error: ${error.message} (see \`${help}\`)`);
    return 2;
  }
  printLine(context.stderr, `error: ${describeFailure(error)}`);
  return 1;
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const named = error.name && error.name !== "Error" && !error.message.includes(error.name);
  const message = error.message || String((error as { code?: unknown }).code ?? "unknown");
  return named ? `${error.name}: ${message}` : message;
}
