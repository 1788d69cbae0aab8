import { mkdir } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { ManualClock } from "../emulators/shared-http/clock.ts";
import { runBusyHour } from "./busy-hour.ts";
import { printContextReport } from "./context-report.ts";
import { DEMO } from "./demo-instance.ts";
import { startLocalWorld } from "./local-world.ts";
import { printReport } from "./report.ts";
import { claimSandboxFolder, describeRunning, type SandboxClaim } from "./sandbox-lock.ts";
import { serve } from "./serve.ts";

/**
 * `npm start`: the local world on embedded defaults, then one simulated busy hour: calls
 * through the product's flows and deflect, customers' replies through the webhook and resume
 * into Connect chats, agents' answers back through the relay; it ends with the funnel.
 * `npm start -- --serve` skips the scenario and keeps everything running on the wall clock.
 * `--data <dir>` keeps the table elsewhere than `.data/`, to run a second sandbox beside one.
 */
async function main(): Promise<void> {
  const serving = process.argv.includes("--serve");
  const dataRoot = resolve(dataOption() ?? dirname(DEMO.dataDir));
  await mkdir(dataRoot, { recursive: true });
  // One sandbox per data folder: a second would wipe the first one's table.
  const claim = await claimSandboxFolder(dataRoot);
  if (claim.kind === "running") {
    console.error(describeRunning(claim.running));
    process.exitCode = 1;
    return;
  }
  try {
    await run({ serving, claim, dataDir: join(dataRoot, "dynamodb") });
  } finally {
    await claim.release();
  }
}

/** `--data <dir>`: another data folder, for a second sandbox beside the first. */
function dataOption(): string | undefined {
  const at = process.argv.indexOf("--data");
  if (at < 0) return undefined;
  const dir = process.argv[at + 1];
  if (!dir || dir.startsWith("--")) throw new Error("--data needs a folder: --data <dir>");
  return dir;
}

async function run(options: {
  serving: boolean;
  claim: Extract<SandboxClaim, { kind: "claimed" }>;
  dataDir: string;
}): Promise<void> {
  const { serving, claim, dataDir } = options;
  const clock = serving ? undefined : new ManualClock(DEMO.startAt);
  console.log(
    `• starting dynalite (on disk in ${relative(process.cwd(), dataDir) || "."}), the Connect, Kinesis Video, Transcribe, Polly, Twilio, Meta, X, Telegram and LINE emulators, the functions`,
  );
  const world = await startLocalWorld(
    clock
      ? { clock, freshTable: true, dataDir }
      : {
          // The emulators start empty, so earlier runs' sessions and inbox items would dangle.
          freshTable: true,
          dataDir,
          onDeflect: (call) =>
            console.log(
              `  deflect ${call.action}: ${JSON.stringify(call.answer)} (${call.elapsedMs.toFixed(1)} ms)`,
            ),
          onTranscript: (message) => console.log(`  ${message}`),
        },
  );
  console.log(`  DynamoDB  ${world.dynamo.endpoint}  table ${DEMO.tableName}`);
  console.log(
    `  Connect   ${world.connect.url}  (Participant API, Lambda and /__emulator on the same origin)`,
  );
  console.log(`  Twilio    ${world.twilio.url}`);
  const { meta, x, telegram, line } = world.platforms;
  console.log(
    `  Meta ${meta.url}  X ${x.url}  Telegram ${telegram.url}  LINE ${line.url}  (webhooks to the same function)`,
  );
  console.log(
    `  Kinesis Video ${world.audio.kinesisVideo.url}  Transcribe ${world.audio.transcribe.url}  Polly ${world.audio.polly.url}  (callers ${world.audio.speaking ? "speak through espeak-ng" : "cannot speak: espeak-ng is missing"})`,
  );
  await claim.record({
    Connect: world.connect.url,
    webhooks: `${world.messaging.bridge.url}/webhooks/<channel>`,
    Twilio: world.twilio.url,
    Meta: meta.url,
    X: x.url,
    Telegram: telegram.url,
    LINE: line.url,
  });
  console.log(
    `  queues    ${Object.entries(world.queueIds)
      .map(([n, id]) => `${n}=${id}`)
      .join("  ")}`,
  );

  if (serving) {
    await serve(world);
  } else if (clock) {
    console.log("\n• one busy hour, simulated (Support live, Billing in shadow mode)");
    const { placed, replies } = await runBusyHour(world, clock);
    await printReport(world, placed, replies);
    await printContextReport(world, placed);
  }
  await world.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
