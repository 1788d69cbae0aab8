import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createDocumentClients } from "../../adapters/dynamodb/document-client.ts";
import { DynamoThresholdPolicyStore } from "../../adapters/dynamodb/dynamo-threshold-policy-store.ts";
import { ensureTable } from "../../adapters/dynamodb/table-definition.ts";
import { parseQueuePolicy } from "../../core/policy/queue-policy.ts";
import { startConnectEmulator } from "../../emulators/connect/connect-emulator.ts";
import { startLocalDynamo } from "../../emulators/dynamodb/local-dynamodb.ts";
import { DEMO } from "../../sandbox/demo-instance.ts";
import { captureOps } from "./ops-test-table.ts";

let dataDir: string;

// A sandbox data folder whose table is made as the stack makes it (stream and TTL on), with
// the demo queues' policies stored under the ids the demo instance gives them.
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "doctor-local-"));
  const dynamo = await startLocalDynamo({ path: dataDir });
  const { client, documentClient } = createDocumentClients({
    region: DEMO.region,
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const TableName = DEMO.tableName;
  // As npm start makes it: with its stream and time to live, as the stack has them.
  await ensureTable(client, TableName);
  const connect = await startConnectEmulator({ instance: DEMO.instance });
  const store = new DynamoThresholdPolicyStore({ documentClient, tableName: TableName });
  for (const [name, policy] of Object.entries(DEMO.policies)) {
    const queueId = connect.instance.instance.requireQueue(name).id;
    await store.putPolicy(parseQueuePolicy({ ...policy, queueId, timeZone: "Europe/London" }));
  }
  await connect.close();
  client.destroy();
  await dynamo.close();
});

describe("npm run ops -- doctor --local", () => {
  it("checks the sandbox's installation on its data folder and exits 0 when all is OK", async () => {
    const run = await captureOps(["doctor", "--local"], { env: {}, localDataDir: dataDir });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("OK    flow voice-deflection: published");
    expect(run.stdout).toMatch(/OK {4}queue Billing \(\S+\): policy in shadow mode/);
    expect(run.stdout).toContain("OK    twilio credentials: account AC");
    expect(run.stdout).toMatch(/\nall \d+ OK\n$/);
    expect(run.code).toBe(0);
  });

  it("exits 1 telling the operator to run npm start when there is no data folder", async () => {
    const missing = join(dataDir, "absent");
    const run = await captureOps(["doctor", "--local"], { env: {}, localDataDir: missing });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: no sandbox data in .*absent: run `npm start` first\n$/);
  });
});
