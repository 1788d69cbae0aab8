import { beforeAll, describe, expect, it } from "vitest";
import { InvalidConfigError } from "../../core/errors.ts";
import { parseQueuePolicy, type QueuePolicy } from "../../core/policy/queue-policy.ts";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { DynamoThresholdPolicyStore } from "./dynamo-threshold-policy-store.ts";

let store: DynamoThresholdPolicyStore;

beforeAll(async () => {
  const { documentClient, tableName } = await freshTable();
  store = new DynamoThresholdPolicyStore({ documentClient, tableName });
});

function policy(queueId: string): QueuePolicy {
  return parseQueuePolicy({
    queueId,
    timeZone: "Europe/Berlin",
    mode: "shadow",
    channels: { whatsapp: { enabled: true } },
  });
}

describe("DynamoThresholdPolicyStore on dynalite", () => {
  it("stores, reads and lists queue policies", async () => {
    await store.putPolicy(policy("q-a"));
    await store.putPolicy(policy("q-b"));
    expect(await store.getPolicy("q-a")).toEqual(policy("q-a"));
    expect(await store.getPolicy("q-missing")).toBeUndefined();
    expect((await store.listPolicies()).map((p) => p.queueId)).toEqual(["q-a", "q-b"]);
  });

  it("refuses to store an invalid policy", async () => {
    const broken = { ...policy("q-bad"), surprise: true } as unknown as QueuePolicy;
    await expect(store.putPolicy(broken)).rejects.toBeInstanceOf(InvalidConfigError);
    expect(await store.getPolicy("q-bad")).toBeUndefined();
  });

  it("keeps the hysteresis state per queue", async () => {
    expect((await store.getActiveChannels("q-a")).size).toBe(0);
    await store.setActiveChannels("q-a", new Set(["whatsapp", "sms"]));
    expect([...(await store.getActiveChannels("q-a"))].sort()).toEqual(["sms", "whatsapp"]);
    expect((await store.getActiveChannels("q-b")).size).toBe(0);
  });
});
