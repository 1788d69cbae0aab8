import { beforeAll, describe, expect, it } from "vitest";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { DynamoFunnelRecorder } from "./dynamo-funnel-recorder.ts";

let funnel: DynamoFunnelRecorder;

beforeAll(async () => {
  const { documentClient, tableName } = await freshTable();
  funnel = new DynamoFunnelRecorder({ documentClient, tableName });
});

describe("DynamoFunnelRecorder on dynalite", () => {
  it("counts every event exactly once, even when the first events of a day race", async () => {
    const at = new Date("2026-06-10T12:00:00Z");
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        funnel.record({ queueId: "q1", channel: "sms", stage: i % 4 ? "offered" : "accepted", at }),
      ),
    );
    await funnel.record({
      queueId: "q1",
      stage: "checked",
      reason: "NO_POLICY",
      at: new Date("2026-06-11T00:00:00Z"),
    });
    const counts = await funnel.counts("q1");
    expect(counts).toEqual(
      expect.arrayContaining([
        {
          queueId: "q1",
          day: "2026-06-10",
          channel: "sms",
          stage: "offered",
          reason: "-",
          count: 15,
        },
        {
          queueId: "q1",
          day: "2026-06-10",
          channel: "sms",
          stage: "accepted",
          reason: "-",
          count: 5,
        },
        {
          queueId: "q1",
          day: "2026-06-11",
          channel: "-",
          stage: "checked",
          reason: "NO_POLICY",
          count: 1,
        },
      ]),
    );
    expect(counts).toHaveLength(3);
    expect(await funnel.counts("q-none")).toEqual([]);
  });
});
