import { type CliAddOn, describe, runEmulatorsCli } from "../emulators/cli/run-cli.ts";

const WITH_FUNCTIONS: CliAddOn = {
  option: "--with-functions",
  usage: `  --with-functions       also run the product's functions: deflect and transcribe behind
                         Connect's Lambda endpoint, the webhook function at Twilio's webhook
                         URL, resume and the relay (needs connect, twilio and dynamodb)`,
  // Loaded only when asked for, so the emulators alone start without the product.
  start: async (world) => (await import("./product-functions.ts")).startProductFunctions(world),
};

/**
 * `npm run emulators [-- options]`: the emulators' own command (emulators/cli.ts) with one
 * option more, `--with-functions`, which runs the product's functions behind them.
 */
runEmulatorsCli({ args: process.argv.slice(2), addOn: WITH_FUNCTIONS }).catch((error: unknown) => {
  console.error(describe(error));
  process.exit(1);
});
