import { type CliOptions, parseCliOptions, USAGE, UsageError } from "./cli/cli-options.ts";

/**
 * `npm run emulators [-- options]`: starts every local emulator (Connect with the demo instance
 * and live media streaming, Kinesis Video, Polly, Transcribe, the messenger platforms,
 * Secrets Manager and DynamoDB (dynalite, in memory)), prints one JSON line with their URLs, credentials and the seeded ids, and
 * runs until SIGINT or SIGTERM. `--help` lists the options. With `--flows`, every `<name>.json`
 * in the directory is loaded as flow `<name>` after its `${KIND:name}` placeholders are
 * resolved against the seeded ids (see connect/flow-placeholders.ts).
 */
async function main(): Promise<void> {
  const options = optionsOrExit(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  // Loaded only now, so --help and usage errors answer without importing every emulator.
  const { startLocalWorld } = await import("./cli/local-world.ts");
  const world = await startLocalWorld(options);
  for (const warning of world.warnings) console.error(warning);
  console.log(JSON.stringify(world.summary));
  let stopping = false;
  const stop = () => {
    // A second signal means the user does not want to wait for a close that hangs.
    if (stopping) process.exit(1);
    stopping = true;
    world.close().then(
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

function optionsOrExit(args: readonly string[]): CliOptions {
  try {
    return parseCliOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    // 2 is the usual exit code for a command-line usage error.
    process.exit(2);
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError) {
    return [error.message, ...error.errors.map((inner: unknown) => `  ${describe(inner)}`)].join(
      "\n",
    );
  }
  return error instanceof Error ? error.message : String(error);
}

main().catch((error: unknown) => {
  console.error(describe(error));
  process.exit(1);
});
