import { ManualClock } from "../emulators/connect/clock.ts";
import { runBusyHour } from "./busy-hour.ts";
import { DEMO } from "./demo-instance.ts";
import { startLocalWorld } from "./local-world.ts";
import { printReport } from "./report.ts";

/**
 * `npm start`: the local world on embedded defaults, then one simulated busy hour: calls
 * through the product's flows and deflect, customers' replies through the webhook and resume
 * into Connect chats, agents' answers back through the relay; it ends with the funnel.
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
  const world = await startLocalWorld(
    clock
      ? { clock, freshTable: true }
      : {
          onDeflect: (call) =>
            console.log(
              `  deflect ${call.action}: ${JSON.stringify(call.answer)} (${call.elapsedMs.toFixed(1)} ms)`,
            ),
        },
  );
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
    // An empty queue never offers, and the wall clock may be outside office hours: pin a long
    // wait and let Support offer at any hour, so a first call shows the whole offer.
    world.connect.control.setEstimatedWait({ queue: "Support", channel: "VOICE", seconds: 900 });
    const support = await world.policies.getPolicy(world.queueIds.Support ?? "");
    if (support) await world.policies.putPolicy({ ...support, windows: [] });
    const connect = world.connect.url;
    console.log(
      "\nServing on the wall clock; Support offers at any hour, its wait pinned at 15 min",
    );
    console.log(`(change it with POST ${connect}/__emulator/estimated-wait). Place a call:`);
    console.log(
      `  curl -s ${connect}/__emulator/voice-calls -H 'content-type: application/json' \\`,
    );
    console.log(
      `    -d '{"flow":"voice-deflection","customerNumber":"+447911123456","caller":{"steps":[{"press":"1","forAction":"offer"}]}}'`,
    );
    console.log(`What the caller heard: GET ${connect}/__emulator/contacts/<contactId>/flow-trace`);
    console.log(`What was sent: GET ${world.twilio.url}/__emulator/sent. Ctrl-C stops.`);
    await new Promise<void>((done) => {
      for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => done());
    });
  } else if (clock) {
    console.log("\n• one busy hour, simulated (Support live, Billing in shadow mode)");
    const { placed, replies } = await runBusyHour(world, clock);
    await printReport(world, placed, replies);
    console.log(
      "\nNot built yet: in --serve a customer's reply is recorded but not routed to a chat.",
    );
  }
  await world.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
