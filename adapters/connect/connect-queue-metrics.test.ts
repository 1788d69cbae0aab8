import { ConnectClient } from "@aws-sdk/client-connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DependencyFailedError } from "../../core/errors.ts";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { ManualClock as EmulatorClock } from "../../emulators/shared-http/clock.ts";
import { ConnectQueueMetrics } from "./connect-queue-metrics.ts";

const instanceId = "33333333-4444-5555-6666-777777777777";
const supportId = "88888888-0000-0000-0000-000000000001";
const emptyId = "88888888-0000-0000-0000-000000000002";
const billingId = "88888888-0000-0000-0000-000000000003";
const quietId = "88888888-0000-0000-0000-000000000004";
const overflowNames = Array.from({ length: 110 }, (_, i) => `Overflow ${i}`);
let emulator: ConnectEmulator;
let metrics: ConnectQueueMetrics;
const clock = new EmulatorClock(Date.UTC(2026, 5, 10, 9, 0, 0));

beforeAll(async () => {
  // The API's answers are under test, not the account's quotas (emulators/connect/quotas/api-quotas.test.ts).
  emulator = await startConnectEmulator({
    quotas: "off",
    clock,
    instance: {
      instanceId,
      queues: [
        { id: supportId, name: "Support" },
        { id: emptyId, name: "Nobody" },
        { id: billingId, name: "Billing" },
        { id: quietId, name: "Quiet" },
        ...overflowNames.map((name) => ({ name })),
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

describe("ConnectQueueMetrics reading many queues at once", () => {
  it("reads every queue's numbers in one GetCurrentMetricData request", async () => {
    emulator.control.setEstimatedWait({ queue: "Support", channel: "VOICE", seconds: 420 });
    emulator.control.setEstimatedWait({ queue: "Billing", channel: "VOICE", seconds: 120 });
    emulator.control.placeVoiceCall({ queue: "Nobody" });
    emulator.control.resetCallCounts();
    const estimates = await metrics.queueWaits({
      instanceId,
      queueIds: [supportId, billingId, emptyId, quietId, billingId],
      channel: "VOICE",
    });
    expect(emulator.control.callCounts().GetCurrentMetricData).toBe(1);
    expect([...estimates.keys()]).toEqual([supportId, billingId, emptyId, quietId]);
    expect(estimates.get(supportId)).toMatchObject({
      waitSeconds: 420,
      source: "estimated-wait-time",
    });
    expect(estimates.get(billingId)).toMatchObject({
      waitSeconds: 120,
      source: "estimated-wait-time",
    });
    // Nobody serves these two: Connect has no estimate, the queue model's answer is unbounded.
    expect(estimates.get(emptyId)).toMatchObject({ source: "queue-model", waitSeconds: 86_400 });
    expect(estimates.get(emptyId)?.contactsInQueue).toBeGreaterThanOrEqual(1);
    expect(estimates.get(quietId)).toMatchObject({ source: "queue-model", contactsInQueue: 0 });
    emulator.control.setEstimatedWait({ queue: "Support", channel: "VOICE" });
    emulator.control.setEstimatedWait({ queue: "Billing", channel: "VOICE" });
  });

  it("splits more than 100 queues into one request per 100", async () => {
    const ids = overflowNames.map((name) => emulator.instance.instance.requireQueue(name).id);
    emulator.control.setEstimatedWait({ queue: "Overflow 109", channel: "CHAT", seconds: 75 });
    emulator.control.resetCallCounts();
    const estimates = await metrics.queueWaits({ instanceId, queueIds: ids, channel: "CHAT" });
    expect(emulator.control.callCounts().GetCurrentMetricData).toBe(2);
    expect(estimates.size).toBe(110);
    expect(estimates.get(ids[109] as string)).toMatchObject({
      waitSeconds: 75,
      source: "estimated-wait-time",
    });
  });

  it("fails a batch with an unknown queue without giving up on ESTIMATED_WAIT_TIME", async () => {
    emulator.control.setEstimatedWait({ queue: "Billing", channel: "VOICE", seconds: 240 });
    const unknown = "88888888-0000-0000-0000-0000000000ff";
    await expect(
      metrics.queueWaits({ instanceId, queueIds: [billingId, unknown], channel: "VOICE" }),
    ).rejects.toBeInstanceOf(DependencyFailedError);
    const estimate = await metrics.queueWait({
      queue: { instanceId, queueId: billingId },
      channel: "VOICE",
    });
    expect(estimate).toMatchObject({ waitSeconds: 240, source: "estimated-wait-time" });
    emulator.control.setEstimatedWait({ queue: "Billing", channel: "VOICE" });
  });
});

describe("ConnectQueueMetrics reading a reply that leaves queues out", () => {
  it("counts a queue missing from MetricResults as idle", async () => {
    // Whether Connect leaves idle queues out is unverified (protocols §3.1); the emulator never
    // does, so a client that answers one row stands in for it.
    const row = {
      Dimensions: { Queue: { Id: "q-busy" }, Channel: "VOICE" },
      Collections: [{ Metric: { Name: "ESTIMATED_WAIT_TIME", Unit: "SECONDS" }, Value: 300 }],
    };
    const client = { send: async () => ({ MetricResults: [row] }) } as unknown as ConnectClient;
    const partial = new ConnectQueueMetrics({
      client,
      clock: { now: () => new Date(0) },
      averageHandleSeconds: 300,
    });
    const estimates = await partial.queueWaits({
      instanceId,
      queueIds: ["q-busy", "q-idle"],
      channel: "VOICE",
    });
    expect(estimates.get("q-busy")).toMatchObject({ waitSeconds: 300 });
    expect(estimates.get("q-idle")).toMatchObject({
      source: "queue-model",
      contactsInQueue: 0,
      agentsAvailable: 0,
    });
  });
});

describe("ConnectQueueMetrics where Connect rejects ESTIMATED_WAIT_TIME", () => {
  it("falls back to the load metrics and stops asking for the estimate", async () => {
    const asked: string[][] = [];
    const client = {
      send: async (command: { input: { CurrentMetrics: { Name: string }[] } }) => {
        const names = command.input.CurrentMetrics.map((metric) => metric.Name);
        asked.push(names);
        if (names.includes("ESTIMATED_WAIT_TIME")) {
          throw Object.assign(new Error("unsupported"), { name: "InvalidParameterException" });
        }
        return { MetricResults: [] };
      },
    } as unknown as ConnectClient;
    const old = new ConnectQueueMetrics({
      client,
      clock: { now: () => new Date(0) },
      averageHandleSeconds: 300,
    });
    const query = { instanceId, queueIds: ["q1", "q2"], channel: "VOICE" } as const;
    expect((await old.queueWaits(query)).get("q2")).toMatchObject({ source: "queue-model" });
    await old.queueWaits(query);
    expect(asked.map((names) => names.includes("ESTIMATED_WAIT_TIME"))).toEqual([
      true,
      false,
      false,
    ]);
  });
});
