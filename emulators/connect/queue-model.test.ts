import {
  DescribeContactCommand,
  DescribeQueueCommand,
  GetContactAttributesCommand,
  GetContactMetricsCommand,
  GetCurrentMetricDataCommand,
  type GetCurrentMetricDataCommandInput,
  GetMetricDataV2Command,
  UpdateContactAttributesCommand,
} from "@aws-sdk/client-connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../shared-http/clock.ts";
import { type ConnectEmulator, startConnectEmulator } from "./connect-emulator.ts";
import type { Contact } from "./model/contact.ts";
import { sdkClients } from "./test-support/clients.ts";

const InstanceId = "22222222-3333-4444-5555-666666666666";
const queueId = "77777777-0000-0000-0000-000000000001";
const t0 = Date.UTC(2026, 0, 5, 9, 0, 0);

// Two scripted agents: answer after 5 s, talk 100 s, 15 s of after-contact work.
const instance = {
  instanceId: InstanceId,
  queues: [{ id: queueId, name: "Support" }],
  routingProfiles: [{ name: "Voice", queues: [{ queue: "Support", channel: "VOICE" as const }] }],
  agents: ["a1", "a2"].map((username) => ({
    username,
    routingProfile: "Voice",
    behaviour: {
      mode: "scripted" as const,
      answerAfterSeconds: 5,
      endAfterSeconds: 100,
      afterContactWorkSeconds: 15,
    },
  })),
};

let emulator: ConnectEmulator;
let clients: ReturnType<typeof sdkClients>;
const clock = new ManualClock(t0);
const calls: Contact[] = [];

beforeAll(async () => {
  // The API's answers are under test, not the account's quotas (quotas/api-quotas.test.ts).
  emulator = await startConnectEmulator({
    quotas: "off",
    instance,
    clock,
  });
  clients = sdkClients(emulator.url);
});
afterAll(() => emulator.close());

const at = (seconds: number) => clock.advance(t0 + seconds * 1000 - clock.now());
const place = (abandonAfterSeconds?: number) => {
  const call = emulator.control.placeVoiceCall({
    queue: "Support",
    ...(abandonAfterSeconds !== undefined ? { abandonAfterSeconds } : {}),
  });
  calls.push(call);
  return call;
};

async function current(input: Partial<GetCurrentMetricDataCommandInput>) {
  const out = await clients.connect.send(
    new GetCurrentMetricDataCommand({
      InstanceId,
      Filters: { Queues: [queueId], Channels: ["VOICE"] },
      CurrentMetrics: [],
      ...input,
    }),
  );
  return out;
}

function values(result: Awaited<ReturnType<typeof current>>) {
  const row = result.MetricResults?.[0];
  return Object.fromEntries((row?.Collections ?? []).map((c) => [c.Metric?.Name, c.Value]));
}

const names = (...list: string[]) =>
  list.map((Name) => ({
    Name,
    Unit: ["OLDEST_CONTACT_AGE", "ESTIMATED_WAIT_TIME"].includes(Name) ? "SECONDS" : "COUNT",
  })) as never;

describe("queue model with fixed arrivals and handle times", () => {
  it("reports the hand-computed real-time metrics while contacts wait", async () => {
    // t=0: three calls; a1 and a2 are offered c1 and c2, c3 waits. t=30: c4 arrives (gives up at t=90).
    place();
    place();
    place();
    at(30);
    place(60);
    at(60);
    const grouped = values(
      await current({
        Groupings: ["QUEUE", "CHANNEL"],
        CurrentMetrics: names(
          "CONTACTS_IN_QUEUE",
          "OLDEST_CONTACT_AGE",
          "AGENTS_ON_CONTACT",
          "AGENTS_AVAILABLE",
          "AGENTS_ONLINE",
          "AGENTS_STAFFED",
          "SLOTS_ACTIVE",
          "SLOTS_AVAILABLE",
          "ESTIMATED_WAIT_TIME",
        ),
      }),
    );
    // Estimated wait of a new arrival: third in line, no free slot, 2 slots, 115 s per contact.
    expect(grouped).toEqual({
      CONTACTS_IN_QUEUE: 2,
      OLDEST_CONTACT_AGE: 60,
      AGENTS_ON_CONTACT: 2,
      AGENTS_AVAILABLE: 0,
      AGENTS_ONLINE: 2,
      AGENTS_STAFFED: 2,
      SLOTS_ACTIVE: 2,
      SLOTS_AVAILABLE: 0,
      ESTIMATED_WAIT_TIME: Math.round((3 * 115) / 2),
    });
    // Without Groupings the unit still says SECONDS but the value is in milliseconds (§3.1).
    const ungrouped = await current({ CurrentMetrics: names("OLDEST_CONTACT_AGE") });
    expect(ungrouped.MetricResults?.[0]?.Collections?.[0]).toEqual({
      Metric: { Name: "OLDEST_CONTACT_AGE", Unit: "SECONDS" },
      Value: 60_000,
    });
    expect(ungrouped.DataSnapshotTime?.getTime()).toBe(t0 + 60_000);
  });

  it("reports per-contact position and estimated wait only while the contact is queued", async () => {
    const [c1, , c3, c4] = calls;
    const metrics = async (contact: Contact | undefined) =>
      clients.connect.send(
        new GetContactMetricsCommand({
          InstanceId,
          ContactId: contact?.id,
          Metrics: [{ Name: "POSITION_IN_QUEUE" }, { Name: "ESTIMATED_WAIT_TIME" }],
        }),
      );
    expect((await metrics(c3)).MetricResults).toEqual([
      { Name: "POSITION_IN_QUEUE", Value: { Number: 1 } },
      { Name: "ESTIMATED_WAIT_TIME", Value: { Number: Math.round(115 / 2) } },
    ]);
    expect((await metrics(c4)).MetricResults?.[1]).toEqual({
      Name: "ESTIMATED_WAIT_TIME",
      Value: { Number: 115 },
    });
    expect((await metrics(c1)).MetricResults).toEqual([]);
  });

  it("accepts ESTIMATED_WAIT_TIME only with its two filter and grouping shapes", async () => {
    await expect(
      current({ Groupings: ["QUEUE"], CurrentMetrics: names("ESTIMATED_WAIT_TIME") }),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    const bySteps = await current({
      Filters: { Queues: [queueId], Channels: ["VOICE"], RoutingStepExpressions: ['["skill"]'] },
      Groupings: ["ROUTING_STEP_EXPRESSION"],
      CurrentMetrics: names("ESTIMATED_WAIT_TIME"),
    });
    expect(bySteps.MetricResults?.[0]?.Dimensions?.RoutingStepExpression).toBe('["skill"]');
    await expect(
      current({
        Filters: { Queues: [queueId], RoutingProfiles: ["x"] },
        CurrentMetrics: names("AGENTS_ONLINE"),
      }),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });

  it("moves agents through after-contact work and serves the waiting call", async () => {
    at(110);
    expect(
      values(
        await current({
          Groupings: ["QUEUE"],
          CurrentMetrics: names("AGENTS_AFTER_CONTACT_WORK", "CONTACTS_IN_QUEUE"),
        }),
      ),
    ).toEqual({
      AGENTS_AFTER_CONTACT_WORK: 2,
      CONTACTS_IN_QUEUE: 1,
    });
    at(130);
    const c3 = calls[2];
    const described = await clients.connect.send(
      new DescribeContactCommand({ InstanceId, ContactId: c3?.id }),
    );
    expect(described.Contact?.QueueInfo?.EnqueueTimestamp?.getTime()).toBe(t0);
    expect(described.Contact?.AgentInfo?.ConnectedToAgentTimestamp?.getTime()).toBe(t0 + 125_000);
    expect(calls[3]?.abandoned).toBe(true);
  });

  it("reports hand-computed historical metrics per fifteen-minute interval", async () => {
    at(1000);
    place(); // c5 meets free agents: answered 5 s later, in the second interval
    at(1800);
    const out = await clients.connect.send(
      new GetMetricDataV2Command({
        ResourceArn: emulator.instance.instance.arn,
        StartTime: new Date(t0),
        EndTime: new Date(t0 + 1_800_000),
        Interval: { IntervalPeriod: "FIFTEEN_MIN", TimeZone: "UTC" },
        Filters: [{ FilterKey: "QUEUE", FilterValues: [queueId] }],
        Metrics: [
          "CONTACTS_QUEUED",
          "CONTACTS_HANDLED",
          "CONTACTS_ABANDONED",
          "AVG_QUEUE_ANSWER_TIME",
          "MAX_QUEUED_TIME",
          "AVG_HANDLE_TIME",
          "AVG_ABANDON_TIME",
        ]
          .map((Name) => ({ Name }))
          .concat([
            {
              Name: "SERVICE_LEVEL",
              Threshold: [{ Comparison: "LT", ThresholdValue: 60 }],
            } as never,
          ]),
      }),
    );
    const rows = (out.MetricResults ?? []).map((row) => ({
      start: row.MetricInterval?.StartTime?.getTime(),
      ...Object.fromEntries((row.Collections ?? []).map((c) => [c.Metric?.Name, c.Value])),
    }));
    expect(rows).toEqual([
      {
        start: t0,
        CONTACTS_QUEUED: 4,
        CONTACTS_HANDLED: 3,
        CONTACTS_ABANDONED: 1,
        AVG_QUEUE_ANSWER_TIME: (5 + 5 + 125) / 3,
        MAX_QUEUED_TIME: 125,
        AVG_HANDLE_TIME: 115,
        AVG_ABANDON_TIME: 60,
        SERVICE_LEVEL: 50,
      },
      {
        start: t0 + 900_000,
        CONTACTS_QUEUED: 1,
        CONTACTS_HANDLED: 1,
        CONTACTS_ABANDONED: 0,
        AVG_QUEUE_ANSWER_TIME: 5,
        MAX_QUEUED_TIME: 5,
        AVG_HANDLE_TIME: 115,
        AVG_ABANDON_TIME: undefined,
        SERVICE_LEVEL: 100,
      },
    ]);
  });
});

describe("queue and attribute APIs", () => {
  it("describes a queue by id", async () => {
    const out = await clients.connect.send(
      new DescribeQueueCommand({ InstanceId, QueueId: queueId }),
    );
    expect(out.Queue).toMatchObject({ Name: "Support", QueueId: queueId, Status: "ENABLED" });
  });

  it("merges attributes with UpdateContactAttributes and enforces the 32 KB cap", async () => {
    const contact = calls[0];
    await clients.connect.send(
      new UpdateContactAttributesCommand({
        InstanceId,
        InitialContactId: contact?.id,
        Attributes: { choice: "1" },
      }),
    );
    const out = await clients.connect.send(
      new GetContactAttributesCommand({ InstanceId, InitialContactId: contact?.id }),
    );
    expect(out.Attributes).toEqual({ choice: "1" });
    await expect(
      clients.connect.send(
        new UpdateContactAttributesCommand({
          InstanceId,
          InitialContactId: contact?.id,
          Attributes: { big: "x".repeat(33_000) },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });
});
