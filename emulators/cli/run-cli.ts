import { type CliOptions, parseCliOptions, USAGE, UsageError } from "./cli-options.ts";
import type { LocalWorld } from "./local-world.ts";
import type { RunningEmulator } from "./running-emulator.ts";

/**
 * Something a host project starts on top of the emulators when its option is given: the
 * emulators never import the product; the product's own command brings its functions this way.
 */
export interface CliAddOn {
  /** The flag that turns it on, for example `--with-functions`. */
  readonly option: string;
  /** Its line in the usage text. */
  readonly usage: string;
  /** Starts on the running world; its summary joins the printed line. */
  start(world: LocalWorld): Promise<RunningEmulator>;
}

/**
 * Starts the emulators the arguments select (and the add-on, when its option is given), prints
 * one JSON line, and runs until SIGINT or SIGTERM. Usage errors print with the usage and exit 2.
 */
export async function runEmulatorsCli(input: {
  args: readonly string[];
  addOn?: CliAddOn;
}): Promise<void> {
  const { addOn } = input;
  const usage = addOn ? USAGE.replace(/\n(\s+-h, --help)/, `\n${addOn.usage}\n$1`) : USAGE;
  const withAddOn = addOn !== undefined && input.args.includes(addOn.option);
  const options = optionsOrExit(
    input.args.filter((arg) => arg !== addOn?.option),
    usage,
  );
  if (options.help) {
    console.log(usage);
    return;
  }
  // Loaded only now, so --help and usage errors answer without importing every emulator.
  const { startLocalWorld } = await import("./local-world.ts");
  const world = await startLocalWorld(options);
  const extra = withAddOn ? await startAddOn(addOn, world) : undefined;
  for (const warning of world.warnings) console.error(warning);
  console.log(JSON.stringify({ ...world.summary, ...extra?.summary }));
  let stopping = false;
  const stop = () => {
    // A second signal means the user does not want to wait for a close that hangs.
    if (stopping) process.exit(1);
    stopping = true;
    // The add-on first: it still talks to the emulators while it stops.
    Promise.resolve(extra?.close())
      .then(() => world.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(describe(error));
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // The servers keep the process alive until a signal arrives.
}

async function startAddOn(addOn: CliAddOn, world: LocalWorld): Promise<RunningEmulator> {
  try {
    return await addOn.start(world);
  } catch (error) {
    await world.close().catch(() => {});
    if (error instanceof UsageError) exitWithUsage(error, addOn.usage);
    throw error;
  }
}

function optionsOrExit(args: readonly string[], usage: string): CliOptions {
  try {
    return parseCliOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    exitWithUsage(error, usage);
  }
}

function exitWithUsage(error: UsageError, usage: string): never {
  console.error(`${error.message}\n\n${usage}`);
  // 2 is the usual exit code for a command-line usage error.
  process.exit(2);
}

/** One message for a failure, with each inner error of an AggregateError on its own line. */
export function describe(error: unknown): string {
  if (error instanceof AggregateError) {
    return [error.message, ...error.errors.map((inner: unknown) => `  ${describe(inner)}`)].join(
      "\n",
    );
  }
  return error instanceof Error ? error.message : String(error);
}
