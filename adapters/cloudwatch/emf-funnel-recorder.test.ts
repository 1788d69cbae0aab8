import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { METRIC_NAMESPACE } from "../../config/metric-names.ts";
import { EmfFunnelRecorder } from "./emf-funnel-recorder.ts";

// Powertools writes EMF to stdout, where Lambda hands it to CloudWatch Logs; there is no server
// to run locally, so the test reads the same line CloudWatch would.
let stdout: MockInstance<typeof process.stdout.write>;
const at = new Date("2026-06-10T12:00:00Z");

beforeEach(() => {
  stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});
afterEach(() => stdout.mockRestore());

function emfDocuments(): Record<string, unknown>[] {
  return stdout.mock.calls
    .map(([chunk]) => String(chunk))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("EmfFunnelRecorder", () => {
  it("writes one EMF document per queue and channel, with each stage's count", async () => {
    const funnel = new EmfFunnelRecorder({ namespace: METRIC_NAMESPACE });
    await funnel.record({ queueId: "q1", channel: "sms", stage: "offered", at });
    await funnel.record({ queueId: "q1", channel: "sms", stage: "offered", at });
    await funnel.record({ queueId: "q1", channel: "sms", stage: "accepted", at });
    await funnel.record({ queueId: "q2", channel: "whatsapp", stage: "chat-started", at });
    expect(emfDocuments()).toEqual([]);

    funnel.publish();

    const documents = emfDocuments();
    expect(documents).toHaveLength(2);
    expect(documents[0]).toMatchObject({
      Queue: "q1",
      Channel: "sms",
      Offered: 2,
      Accepted: 1,
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: "ConnectDeflect",
            // Per queue and channel, and the whole funnel; no `service` dimension.
            Dimensions: [["Queue", "Channel"], []],
            Metrics: [
              { Name: "Offered", Unit: "Count" },
              { Name: "Accepted", Unit: "Count" },
            ],
          },
        ],
      },
    });
    expect(documents[0]).not.toHaveProperty("service");
    expect(documents[1]).toMatchObject({ Queue: "q2", Channel: "whatsapp", ChatStarted: 1 });
    expect(documents[1]).not.toHaveProperty("Offered");
  });

  it("counts an event without a channel under Channel none", async () => {
    const funnel = new EmfFunnelRecorder({ namespace: METRIC_NAMESPACE });
    await funnel.record({ queueId: "q1", stage: "checked", reason: "NO_POLICY", at });
    funnel.publish();
    expect(emfDocuments()).toEqual([
      expect.objectContaining({ Queue: "q1", Channel: "none", Checked: 1 }),
    ]);
    expect(emfDocuments()[0]).not.toHaveProperty("reason");
  });

  it("forgets what it published, and writes nothing when nothing was recorded", async () => {
    const funnel = new EmfFunnelRecorder({ namespace: METRIC_NAMESPACE });
    funnel.publish();
    expect(stdout).not.toHaveBeenCalled();

    await funnel.record({ queueId: "q1", channel: "line", stage: "ended", at });
    funnel.publish();
    funnel.publish();
    expect(emfDocuments()).toEqual([expect.objectContaining({ Ended: 1, Channel: "line" })]);
  });
});
