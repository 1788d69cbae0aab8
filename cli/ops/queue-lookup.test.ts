import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opsTestTable, SUPPORT } from "./ops-test-table.ts";

let t: Awaited<ReturnType<typeof opsTestTable>>;

beforeAll(async () => {
  t = await opsTestTable();
  await t.seed(SUPPORT);
});
afterAll(() => t.close());

describe("ops round trip and stored policies that fail validation", () => {
  it("accepts what `get` prints back through `set --file` as no change", async () => {
    const got = await t.ops("thresholds", "get", "support");
    const path = join(await mkdtemp(join(tmpdir(), "ops-trip-")), "support.json");
    await writeFile(path, got.stdout);
    const run = await t.ops("thresholds", "set", "support", "--file", path);
    expect(run).toMatchObject({ code: 0, stdout: "support: no change; nothing written\n" });
  });

  it("reports a hand-broken stored policy as a failure (exit 1), and lets --file replace it", async () => {
    await t.documentClient.send(
      new PutCommand({
        TableName: t.tableName,
        Item: {
          pk: "CONFIG#QUEUE#broken",
          sk: "POLICY",
          gsi1pk: "CONFIG#QUEUE",
          gsi1sk: "broken",
          policy: { ...SUPPORT, queueId: "broken", colour: "red" },
        },
      }),
    );
    const get = await t.ops("thresholds", "get", "broken");
    expect(get.code).toBe(1);
    expect(get.stderr).toMatch(
      /^error: the stored policy of queue "broken" is invalid \(.*colour: unknown key\)\n$/,
    );
    const list = await t.ops("thresholds", "list");
    expect(list.code).toBe(1);
    expect(list.stderr).toContain("a stored policy is invalid");
    const flags = await t.ops("thresholds", "set", "broken", "--on", "200");
    expect(flags.code).toBe(1);

    const path = join(await mkdtemp(join(tmpdir(), "ops-fix-")), "fixed.json");
    await writeFile(path, JSON.stringify({ ...SUPPORT, queueId: "broken" }));
    const fixed = await t.ops("thresholds", "set", "broken", "--file", path);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain("broken (replacing a stored policy that fails validation):");
    expect((await t.ops("thresholds", "list")).code).toBe(0);
  });
});

describe("queues by name", () => {
  it("takes the name a policy carries wherever a queue id goes, in any case", async () => {
    const named = await t.ops("thresholds", "set", "support", "--name", "Support desk");
    expect(named.code).toBe(0);
    expect(named.stdout).toContain('queueName: (unset) → "Support desk"');
    const got = await t.ops("thresholds", "get", "support DESK");
    expect(JSON.parse(got.stdout)).toMatchObject({ queueId: "support", queueName: "Support desk" });
    const shadow = await t.ops("thresholds", "shadow", "Support desk", "--dry-run");
    expect(shadow.stdout).toContain("Support desk (support):");
  });

  it("refuses a name two queues carry, naming both ids", async () => {
    await t.seed({ ...SUPPORT, queueId: "support-2", queueName: "Support desk" });
    const run = await t.ops("thresholds", "get", "Support desk");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"Support desk" names more than one queue (support, support-2)');
  });
});
