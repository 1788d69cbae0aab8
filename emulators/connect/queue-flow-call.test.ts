import {
  GetContactMetricsCommand,
  GetCurrentMetricDataCommand,
  GetMetricDataV2Command,
} from "@aws-sdk/client-connect";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../shared-http/clock.ts";
import { type ConnectEmulator, startConnectEmulator } from "./connect-emulator.ts";
import { addFlowFiles, readFlowFiles } from "./flow-files.ts";
import type { Contact } from "./model/contact.ts";
import { sdkClients } from "./test-support/clients.ts";

const InstanceId = "22222222-0000-0000-0000-000000000002";
const HOLD = "Thanks for waiting. An agent will be with you soon.";
const offerText = (position: string) =>
  `You are number ${position} in line. Press 1 to leave the queue, 2 to keep your place, or 3 for the overflow team.`;

let emulator: ConnectEmulator | undefined;
afterEach(() => emulator?.close());

/** An instance with Support and Overflow, an agent who is offline, and the test flows loaded. */
async function setUp() {
  const clock = new ManualClock();
  // The API's answers are under test, not the account's quotas (quotas/api-quotas.test.ts).
  const started = await startConnectEmulator({
    quotas: "off",
    clock,
    instance: {
      instanceId: InstanceId,
      queues: [{ name: "Support" }, { name: "Overflow" }],
      routingProfiles: [
        {
          name: "Voice",
          queues: [
            { queue: "Support", channel: "VOICE" },
            { queue: "Overflow", channel: "VOICE" },
          ],
        },
      ],
      agents: [{ username: "alice", routingProfile: "Voice", status: "Offline" }],
    },
  });
  emulator = started;
  addFlowFiles(
    started.instance,
    await readFlowFiles(new URL("./test-support/flows", import.meta.url).pathname),
  );
  const clients = sdkClients(started.url);
  // The deflect Lambda asks Connect for the caller's own place in line, from inside the queue flow.
  const events: unknown[] = [];
  started.registerFunction(
    `arn:aws:lambda:eu-west-2:111122223333:function:deflect`,
    async (event) => {
      events.push(event);
      const data = (event as { Details: { ContactData: { ContactId: string } } }).Details
        .ContactData;
      const out = await clients.connect.send(
        new GetContactMetricsCommand({
          InstanceId,
          ContactId: data.ContactId,
          Metrics: [{ Name: "POSITION_IN_QUEUE" }],
        }),
      );
      return { position: String(out.MetricResults?.[0]?.Value?.Number ?? "unknown") };
    },
  );
  const queueId = (name: string) => started.instance.instance.requireQueue(name).id;
  const inQueue = async (name: string) => {
    const out = await clients.connect.send(
      new GetCurrentMetricDataCommand({
        InstanceId,
        Filters: { Queues: [queueId(name)], Channels: ["VOICE"] },
        Groupings: ["QUEUE", "CHANNEL"],
        CurrentMetrics: [{ Name: "CONTACTS_IN_QUEUE", Unit: "COUNT" }],
      }),
    );
    return out.MetricResults?.[0]?.Collections?.[0]?.Value ?? 0;
  };
  const position = async (contact: Contact) => {
    const out = await clients.connect.send(
      new GetContactMetricsCommand({
        InstanceId,
        ContactId: contact.id,
        Metrics: [{ Name: "POSITION_IN_QUEUE" }],
      }),
    );
    return out.MetricResults?.[0]?.Value?.Number;
  };
  /** Historical totals for Support since the start (GetMetricDataV2, interval TOTAL). */
  const support = async (...names: string[]) => {
    const out = await clients.connect.send(
      new GetMetricDataV2Command({
        ResourceArn: started.instance.instance.arn,
        StartTime: new Date(clock.now() - 3_600_000),
        EndTime: new Date(clock.now() + 60_000),
        Interval: { IntervalPeriod: "TOTAL" },
        Filters: [{ FilterKey: "QUEUE", FilterValues: [queueId("Support")] }],
        Metrics: names.map((Name) => ({ Name })),
      }),
    );
    const cells = out.MetricResults?.[0]?.Collections ?? [];
    return Object.fromEntries(cells.map((cell) => [cell.Metric?.Name, cell.Value ?? 0]));
  };
  const caller = (steps: { press: string; forAction: string; afterSeconds: number }[]) =>
    started.control.placeVoiceCall({
      flow: "inbound-queued",
      caller: { steps, promptSeconds: 4 },
    });
  // Two callers already waiting in Support, so a new one is third in line.
  started.control.placeVoiceCall({ queue: "Support" });
  started.control.placeVoiceCall({ queue: "Support" });
  return { emulator: started, clock, events, inQueue, position, caller, queueId, support };
}

function heardBy(t: Awaited<ReturnType<typeof setUp>>, contact: Contact) {
  return t.emulator.control.flowTrace(contact.id).heard;
}

describe("a customer queue flow while the caller waits", () => {
  it("loops the hold prompt, asks the Lambda with the contact's event, and lets 1 leave the queue", async () => {
    const t = await setUp();
    const contact = t.caller([{ press: "1", forAction: "offer", afterSeconds: 1 }]);
    await t.clock.advanceAsync(20_000);
    expect(await t.inQueue("Support")).toBe(3);
    const holding = heardBy(t, contact);
    expect(holding.length).toBeGreaterThanOrEqual(4);
    expect(new Set(holding.map((p) => p.content))).toEqual(new Set([HOLD]));

    await t.clock.advanceAsync(40_000);
    const heard = heardBy(t, contact);
    const lastHold = heard.filter((p) => p.actionId === "hold").at(-1);
    expect(lastHold?.result).toBe("interrupted");
    expect(heard.filter((p) => p.actionId !== "hold").map((p) => p.content)).toEqual([
      offerText("3"),
      "Goodbye.",
    ]);
    expect(t.events).toHaveLength(1);
    expect(t.events[0]).toEqual({
      Name: "ContactFlowEvent",
      Details: {
        ContactData: expect.objectContaining({
          Attributes: {},
          Channel: "VOICE",
          ContactId: contact.id,
          InitialContactId: contact.id,
          PreviousContactId: contact.id,
          InitiationMethod: "INBOUND",
          InstanceARN: `arn:aws:connect:eu-west-2:111122223333:instance/${InstanceId}`,
          CustomerEndpoint: { Address: "+15550100000", Type: "TELEPHONE_NUMBER" },
          SystemEndpoint: { Address: "+15550199999", Type: "TELEPHONE_NUMBER" },
          Queue: {
            ARN: `arn:aws:connect:eu-west-2:111122223333:instance/${InstanceId}/queue/${t.queueId("Support")}`,
            Name: "Support",
          },
          MediaStreams: { Customer: { Audio: null } },
        }),
        Parameters: { action: "check" },
      },
    });
    expect(contact.state).toBe("ENDED");
    expect(contact.disconnectReason).toBe("CONTACT_FLOW_DISCONNECT");
    expect(contact.abandoned).toBe(false);
    expect(await t.inQueue("Support")).toBe(2);
    // Left by the flow: queued, but neither abandoned nor handled.
    expect(await t.support("CONTACTS_QUEUED", "CONTACTS_ABANDONED", "CONTACTS_HANDLED")).toEqual({
      CONTACTS_QUEUED: 3,
      CONTACTS_ABANDONED: 0,
      CONTACTS_HANDLED: 0,
    });
    const run = t.emulator.control.flowTrace(contact.id).runs[1];
    expect(run?.kind).toBe("customerQueue");
    expect(run?.visited).toEqual(["hold", "check", "offer", "bye", "leave"]);
  });

  it("keeps the caller's place when they press 2 and goes back to the hold prompt", async () => {
    const t = await setUp();
    const contact = t.caller([{ press: "2", forAction: "offer", afterSeconds: 1 }]);
    await t.clock.advanceAsync(1_000);
    expect(await t.position(contact)).toBe(3);
    await t.clock.advanceAsync(45_000);

    const heard = heardBy(t, contact).map((p) => p.actionId);
    const offered = heard.indexOf("offer");
    expect(offered).toBeGreaterThan(0);
    expect(heard.slice(offered + 1)).toContain("hold");
    expect(await t.position(contact)).toBe(3);
    expect(contact.state).toBe("QUEUED");
    expect(await t.inQueue("Support")).toBe(3);
    expect(t.emulator.control.flowTrace(contact.id).runs[1]?.status).toBe("running");
  });

  it("moves the caller to the back of another queue with 3, keeping nothing of the old place", async () => {
    const t = await setUp();
    t.emulator.control.placeVoiceCall({ queue: "Overflow" });
    const contact = t.caller([{ press: "3", forAction: "offer", afterSeconds: 1 }]);
    await t.clock.advanceAsync(40_000);

    expect(contact.queueId).toBe(t.queueId("Overflow"));
    expect(contact.enqueueTimestamp).toBeGreaterThan(contact.initiationTimestamp + 30_000);
    expect(await t.position(contact)).toBe(2);
    expect(await t.inQueue("Support")).toBe(2);
    expect(await t.inQueue("Overflow")).toBe(2);
    const runs = t.emulator.control.flowTrace(contact.id).runs;
    expect(runs[1]?.end).toMatchObject({ kind: "queued", queue: { name: "Overflow" } });
    // The queue flow starts again from the top in the new queue.
    expect(runs[2]).toMatchObject({ kind: "customerQueue", status: "running" });
  });

  it("stops the queue flow as soon as an agent is offered the caller", async () => {
    const t = await setUp();
    t.emulator.control.hangUp(t.emulator.control.contacts()[0]?.id ?? "");
    t.emulator.control.hangUp(t.emulator.control.contacts()[1]?.id ?? "");
    const contact = t.caller([]);
    await t.clock.advanceAsync(10_000);
    t.emulator.control.setAgentStatus("alice", "Available");
    await t.clock.advanceAsync(1_000);

    expect(contact.state).toBe("CONNECTING");
    const run = t.emulator.control.flowTrace(contact.id).runs[1];
    expect(run?.end).toEqual({ kind: "stopped" });
    expect(heardBy(t, contact).at(-1)?.result).toBe("interrupted");
  });

  it("counts a caller who hangs up during the queue flow as abandoned", async () => {
    const t = await setUp();
    const contact = t.emulator.control.placeVoiceCall({
      flow: "inbound-queued",
      caller: { hangUpAfterSeconds: 12, promptSeconds: 4 },
    });
    await t.clock.advanceAsync(20_000);
    expect(contact.state).toBe("ENDED");
    expect(contact.abandoned).toBe(true);
    expect(await t.inQueue("Support")).toBe(2);
    expect(await t.support("CONTACTS_ABANDONED")).toEqual({ CONTACTS_ABANDONED: 1 });
  });

  it("runs a customer queue flow for a call placed straight into a queue, again after an agent rejects it", async () => {
    const t = await setUp();
    const contact = t.emulator.control.placeVoiceCall({
      queue: "Support",
      customerQueueFlow: "queue-hold",
      caller: { promptSeconds: 4 },
    });
    await t.clock.advanceAsync(10_000);
    expect(heardBy(t, contact).map((p) => p.content)).toContain(HOLD);
    for (const waiting of t.emulator.control.contacts().slice(0, 2)) {
      t.emulator.control.hangUp(waiting.id);
    }
    t.emulator.control.setAgentStatus("alice", "Available");
    expect(contact.state).toBe("CONNECTING");
    // Going offline first keeps the rejected call from being offered straight back to alice.
    t.emulator.control.setAgentStatus("alice", "Offline");
    t.emulator.control.agentReject("alice", contact.id);
    await t.clock.advanceAsync(10_000);

    const runs = t.emulator.control.flowTrace(contact.id).runs;
    expect(runs.map((run) => [run.flowName, run.status, run.end?.kind])).toEqual([
      ["queue-hold", "finished", "stopped"],
      ["queue-hold", "running", undefined],
    ]);
    expect(contact.state).toBe("QUEUED");
  });
});
