import { ConnectClient } from "@aws-sdk/client-connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DependencyFailedError } from "../../core/errors.ts";
import { ManualClock as EmulatorClock } from "../../emulators/connect/clock.ts";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { ConnectQueueMetrics } from "./connect-queue-metrics.ts";

const instanceId = "33333333-4444-5555-6666-777777777777";
const supportId = "88888888-0000-0000-0000-000000000001";
const emptyId = "88888888-0000-0000-0000-000000000002";
let emulator: ConnectEmulator;
let metrics: ConnectQueueMetrics;
const clock = new EmulatorClock(Date.UTC(2026, 5, 10, 9, 0, 0));

beforeAll(async () => {
  emulator = await startConnectEmulator({
    clock,
    instance: {
      instanceId,
      queues: [
        { id: supportId, name: "Support" },
        { id: emptyId, name: "Nobody" },
      ],
      routingProfiles: [{ name: "Voice", queues: [{ queue: "Support", channel: "VOICE" }] }],
      agents: [{ username: "a1", routingProfile: "Voice" }],
    },
  });
  metrics = new ConnectQueueMetrics({
    client: new ConnectClient({
      endpoint: emulator.url,
      region: "eu-west-2",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 2,
    }),
    clock: { now: () => new Date(clock.now()) },
    averageHandleSeconds: 300,
  });
});
afterAll(() => emulator.close());

const support = { instanceId, queueId: supportId };

describe("ConnectQueueMetrics against the Connect emulator", () => {
  it("uses Connect's ESTIMATED_WAIT_TIME when the queue has one", async () => {
    emulator.control.setEstimatedWait({ queue: "Support", channel: "VOICE", seconds: 420 });
    const estimate = await metrics.queueWait({ queue: support, channel: "VOICE" });
    expect(estimate).toMatchObject({ waitSeconds: 420, source: "estimated-wait-time" });
    emulator.control.setEstimatedWait({ queue: "Support", channel: "VOICE" });
  });

  it("reports the queue's live load alongside the estimate", async () => {
    emulator.control.setAgentStatus("a1", "Offline");
    emulator.control.setAgentStatus("a1", "Available");
    for (let i = 0; i < 4; i++) emulator.control.placeVoiceCall({ queue: "Support" });
    const estimate = await metrics.queueWait({ queue: support, channel: "VOICE" });
    // One driven agent is offered the first call; three stay in queue waiting for it.
    expect(estimate.contactsInQueue).toBeGreaterThanOrEqual(3);
    expect(estimate.waitSeconds).toBeGreaterThan(0);
  });

  it("estimates from the queue model when Connect has no estimate (nobody staffed)", async () => {
    emulator.control.placeVoiceCall({ queue: "Nobody" });
    clock.advance(90_000);
    const estimate = await metrics.queueWait({
      queue: { instanceId, queueId: emptyId },
      channel: "VOICE",
    });
    expect(estimate.source).toBe("queue-model");
    expect(estimate.contactsInQueue).toBe(1);
    expect(estimate.waitSeconds).toBe(24 * 3600);
  });

  it("reads a queued contact's own estimate", async () => {
    emulator.control.setEstimatedWait({ queue: "Support", channel: "VOICE", seconds: 200 });
    const call = emulator.control.placeVoiceCall({ queue: "Support" });
    const estimate = await metrics.contactWait({
      contact: { instanceId, contactId: call.id },
      queue: support,
    });
    expect(estimate.source).toBe("contact-estimate");
    expect(estimate.waitSeconds).toBeGreaterThan(0);
    emulator.control.setEstimatedWait({ queue: "Support", channel: "VOICE" });
  });

  it("turns persistent throttling into a DependencyFailedError after the SDK's retries", async () => {
    emulator.control.resetCallCounts();
    emulator.control.setFault("GetCurrentMetricData", { throttleRate: 1 });
    await expect(metrics.queueWait({ queue: support, channel: "VOICE" })).rejects.toBeInstanceOf(
      DependencyFailedError,
    );
    expect(emulator.control.callCounts().GetCurrentMetricData).toBe(2);
    emulator.control.setFault("GetCurrentMetricData", {});
  });
});
