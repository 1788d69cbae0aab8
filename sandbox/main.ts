import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { createDocumentClients } from "../adapters/dynamodb/document-client.ts";
import { DynamoThresholdPolicyStore } from "../adapters/dynamodb/dynamo-threshold-policy-store.ts";
import { ensureTable } from "../adapters/dynamodb/table-definition.ts";
import { parseQueuePolicy } from "../core/policy/queue-policy.ts";
import { startLocalDynamo } from "../emulators/dynamodb/local-dynamodb.ts";
import { DEMO } from "./demo-instance.ts";

/**
 * `npm start`: brings up the local world on embedded defaults and says plainly what runs.
 * Pass --serve to keep it running until Ctrl-C.
 */
async function main(): Promise<void> {
  const serve = process.argv.includes("--serve");
  const dataDir = resolve(DEMO.dataDir);
  await mkdir(dataDir, { recursive: true });

  step("starting DynamoDB (dynalite, on disk)");
  const dynamo = await startLocalDynamo({ path: dataDir });
  const { client, documentClient } = createDocumentClients({
    region: DEMO.region,
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: "sandbox", secretAccessKey: "sandbox" },
  });

  step(`creating table ${DEMO.tableName} if missing`);
  await ensureTable(client, DEMO.tableName);

  step("seeding queue threshold policies");
  const policies = new DynamoThresholdPolicyStore({ documentClient, tableName: DEMO.tableName });
  for (const input of DEMO.policies) await policies.putPolicy(parseQueuePolicy(input));
  const stored = await policies.listPolicies();

  console.log("\nRunning");
  console.log(`  DynamoDB (dynalite)   ${dynamo.endpoint}   data in ${dataDir}`);
  console.log(`  table                 ${DEMO.tableName}`);
  for (const policy of stored) {
    const channels = Object.entries(policy.channels)
      .filter(([, channel]) => channel?.enabled)
      .map(([kind]) => kind);
    console.log(
      `  policy ${policy.queueId.padEnd(14)} mode=${policy.mode} on≥${policy.thresholds.onWaitSeconds}s off<${policy.thresholds.offWaitSeconds}s tz=${policy.timeZone} channels=${channels.join(",")}`,
    );
  }
  console.log("\nNot built yet (see `issues`):");
  for (const line of NOT_BUILT) console.log(`  - ${line}`);

  if (!serve) {
    client.destroy();
    await dynamo.close();
    console.log("\nDone. Run `npm start -- --serve` to keep the local store running.");
    return;
  }
  console.log("\nServing; press Ctrl-C to stop.");
  await new Promise<void>((done) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => done());
  });
  client.destroy();
  await dynamo.close();
}

const NOT_BUILT = [
  "Amazon Connect emulator and the contact-flow interpreter",
  "messenger channels (Twilio SMS/WhatsApp, Messenger, X, Telegram, LINE) and their emulators",
  "functions/deflect (wait-time decision and outbound message) and the IVR flows",
  "functions/resume and relay/ (the chat with the call's context, both directions)",
  "the end-to-end busy-hour scenario and its funnel report",
];

function step(text: string): void {
  console.log(`• ${text}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
