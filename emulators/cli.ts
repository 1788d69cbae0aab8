import { describe, runEmulatorsCli } from "./cli/run-cli.ts";

/**
 * The emulators on their own: starts every local emulator (Connect with the demo instance and
 * live media streaming, Kinesis Video, Polly, Transcribe, the messenger platforms, Secrets
 * Manager and DynamoDB (dynalite, in memory)), prints one JSON line with their URLs,
 * credentials and the seeded ids, and runs until SIGINT or SIGTERM. `--help` lists the
 * options. With `--flows`, every `<name>.json` in the directory is loaded as flow `<name>`
 * after its `${KIND:name}` placeholders are resolved against the seeded ids (see
 * connect/flow-placeholders.ts). `npm run emulators` runs sandbox/emulators-command.ts, which
 * adds `--with-functions`.
 */
runEmulatorsCli({ args: process.argv.slice(2) }).catch((error: unknown) => {
  console.error(describe(error));
  process.exit(1);
});
