import { ManualClock } from "../emulators/connect/clock.ts";
import { runBusyHour } from "./busy-hour.ts";
import { DEMO } from "./demo-instance.ts";
import { startLocalWorld } from "./local-world.ts";
import { printReport } from "./report.ts";

/**
 * `npm start`: the local world on embedded defaults, then one simulated busy hour of calls
 * through the product's flows and the real deflect function, ending with the funnel.
 * `npm start -- --serve` skips the scenario and keeps everything running on the wall clock.
 */
async function main(): Promise<void> {
  // The SDK warns on every start that its 2027 releases will need Node 22; the README says so.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const serve = process.argv.includes("--serve");
  const clock = serve ? undefined : new ManualClock(DEMO.startAt);
  console.log(
    "• starting dynalite (on disk in .data/), the Connect and Twilio emulators, the deflect function",
  );
  const world = await startLocalWorld(clock ? { clock } : {});
  console.log(`  DynamoDB  ${world.dynamo.endpoint}  table ${DEMO.tableName}`);
  console.log(
    `  Connect   ${world.connect.url}  (Participant API, Lambda and /__emulator on the same origin)`,
  );
  console.log(`  Twilio    ${world.twilio.url}`);
  console.log(
    `  queues    ${Object.entries(world.queueIds)
      .map(([n, id]) => `${n}=${id}`)
      .join("  ")}`,
  );

  if (serve) {
    console.log(
      "\nServing on the wall clock. Place a call with POST /__emulator/voice-calls, e.g.",
    );
    console.log(
      `  curl -s ${world.connect.url}/__emulator/voice-calls -H 'content-type: application/json' \\`,
    );
    console.log(
      `    -d '{"flow":"voice-deflection","customerNumber":"+447911123456","caller":{"steps":[{"press":"1","forAction":"offer"}]}}'`,
    );
    console.log("Press Ctrl-C to stop.");
    await new Promise<void>((done) => {
      for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => done());
    });
  } else if (clock) {
    console.log("\n• one busy hour, simulated (Support live, Billing in shadow mode)");
    const placed = await runBusyHour(world, clock);
    await printReport(world, placed);
    console.log(
      "\nNot built yet: customers' replies opening Connect chats (functions/resume) and agent",
    );
    console.log("replies relayed back (relay/); the funnel stops at 'sent' until they land.");
  }
  await world.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
