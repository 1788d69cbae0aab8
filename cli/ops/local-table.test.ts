import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { createDocumentClients } from "../../adapters/dynamodb/document-client.ts";
import { DynamoThresholdPolicyStore } from "../../adapters/dynamodb/dynamo-threshold-policy-store.ts";
import { ensureTable } from "../../adapters/dynamodb/table-definition.ts";
import { parseQueuePolicy } from "../../core/policy/queue-policy.ts";
import { startLocalDynamo } from "../../emulators/dynamodb/local-dynamodb.ts";
import { DEMO } from "../../sandbox/demo-instance.ts";
import { captureOps, SUPPORT } from "./ops-test-table.ts";

let dataDir: string;
const local = (...argv: string[]) => captureOps(argv, { env: {}, localDataDir: dataDir });

// Seeds a data folder the way `npm start` does, then lets go of it.
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "ops-local-"));
  const dynamo = await startLocalDynamo({ path: dataDir });
  const { client, documentClient } = createDocumentClients({
    region: DEMO.region,
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await ensureTable(client, DEMO.tableName);
  for (let tries = 0; tries < 200; tries++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: DEMO.tableName }));
    if (Table?.TableStatus === "ACTIVE") break;
    await sleep(10);
  }
  const store = new DynamoThresholdPolicyStore({ documentClient, tableName: DEMO.tableName });
  await store.putPolicy(parseQueuePolicy(SUPPORT));
  client.destroy();
  await dynamo.close();
});

describe("ops --local, the sandbox's table on its data folder", () => {
  it("lists and changes the policies stored there, starting DynamoDB itself", async () => {
    const set = await local("thresholds", "set", "support", "--on", "420", "--local");
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(`saved to ${DEMO.tableName} (${dataDir})`);
    const list = await local("thresholds", "list", "--local");
    expect(list.code).toBe(0);
    expect(
      list.stdout
        .split("\n")[1]
        ?.split(/\s{2,}/)
        .slice(0, 4),
    ).toEqual(["support", "live", "420", "240"]);
  });

  it("exits 1 telling the operator to run npm start when there is no data folder", async () => {
    const missing = join(dataDir, "absent");
    const run = await captureOps(["thresholds", "list", "--local"], {
      env: {},
      localDataDir: missing,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: no sandbox data in .*absent: run `npm start` first\n$/);
    expect(existsSync(missing)).toBe(false);
  });

  it.skipIf(!existsSync("/proc/locks"))(
    "exits 1 when another DynamoDB holds the folder, instead of crashing on it",
    async () => {
      const holder = await startLocalDynamo({ path: dataDir });
      const { client } = createDocumentClients({
        region: DEMO.region,
        endpoint: holder.endpoint,
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      });
      // LevelDB opens (and takes its lock) in the background; one answered request means it has.
      await client.send(new DescribeTableCommand({ TableName: DEMO.tableName }));
      client.destroy();
      try {
        const run = await local("thresholds", "list", "--local");
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("is in use by another process");
      } finally {
        await holder.close();
      }
    },
  );
});
