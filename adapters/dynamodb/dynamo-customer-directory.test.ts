import { beforeAll, describe, expect, it } from "vitest";
import type { ConsentRecord } from "../../core/ports/customer-directory.ts";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { DynamoCustomerDirectory } from "./dynamo-customer-directory.ts";

let directory: DynamoCustomerDirectory;

beforeAll(async () => {
  const { documentClient, tableName } = await freshTable();
  directory = new DynamoCustomerDirectory({ documentClient, tableName });
});

function consent(status: ConsentRecord["status"], at: string): ConsentRecord {
  return {
    channel: "sms",
    status,
    at,
    source: `keyword:${status === "opted-out" ? "STOP" : "START"}`,
  };
}

describe("DynamoCustomerDirectory on dynalite", () => {
  it("knows nothing of a new customer", async () => {
    expect(await directory.getCustomer("+447911000000")).toBeUndefined();
    expect(await directory.consentHistory("+447911000000")).toEqual([]);
  });

  it("keeps the preferred channel and its handle", async () => {
    await directory.setPreference({
      customerKey: "+447911000001",
      preferredChannel: "messenger",
      handle: "psid-1",
    });
    const profile = await directory.setPreference({
      customerKey: "+447911000001",
      preferredChannel: "sms",
    });
    expect(profile).toMatchObject({ preferredChannel: "sms", handles: { messenger: "psid-1" } });
    expect(await directory.getCustomer("+447911000001")).toEqual(profile);
  });

  it("applies STOP and START and keeps every change in the audit trail, in order", async () => {
    const key = "+447911000002";
    await directory.recordConsent({
      customerKey: key,
      record: consent("opted-out", "2026-01-01T00:00:00Z"),
    });
    expect((await directory.getCustomer(key))?.consent.sms).toBe("opted-out");
    await directory.recordConsent({
      customerKey: key,
      record: consent("opted-in", "2026-01-02T00:00:00Z"),
    });
    expect((await directory.getCustomer(key))?.consent.sms).toBe("opted-in");
    const history = await directory.consentHistory(key);
    expect(history.map((r) => r.status)).toEqual(["opted-out", "opted-in"]);
    expect(history[0]?.source).toBe("keyword:STOP");
  });

  it("loses no consent change when many writers race on one customer", async () => {
    const key = "+447911000003";
    const writes = Array.from({ length: 8 }, (_, i) =>
      directory.recordConsent({
        customerKey: key,
        record: consent(i % 2 ? "opted-in" : "opted-out", `2026-01-01T00:00:0${i}Z`),
      }),
    );
    const settled = await Promise.allSettled(writes);
    const succeeded = settled.filter((s) => s.status === "fulfilled").length;
    const history = await directory.consentHistory(key);
    // Every write that reported success is in the trail exactly once; none were lost.
    expect(history).toHaveLength(succeeded);
    expect(new Set(history.map((r) => r.at)).size).toBe(succeeded);
    expect((await directory.getCustomer(key))?.version).toBe(succeeded);
  });
});
