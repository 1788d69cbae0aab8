import { DescribeQueueCommand } from "@aws-sdk/client-connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../shared-http/clock.ts";
import { type ConnectEmulator, startConnectEmulator } from "./connect-emulator.ts";
import { sdkClients } from "./test-support/clients.ts";

const InstanceId = "33333333-4444-5555-6666-777777777777";
const officeQueueId = "88888888-0000-0000-0000-000000000001";
const anytimeQueueId = "88888888-0000-0000-0000-000000000002";
// Monday 2026-01-05, 08:30 in London (GMT in January).
const t0 = Date.UTC(2026, 0, 5, 8, 30, 0);

const say = (id: string) => ({
  Identifier: id,
  Type: "MessageParticipant",
  Parameters: { Text: id },
  Transitions: { NextAction: "hang-up" },
});

/** Targets the queue named in the call's attributes, then checks that queue's hours. */
const hoursCheck = {
  Version: "2019-10-30",
  StartAction: "target",
  Actions: [
    {
      Identifier: "target",
      Type: "UpdateContactTargetQueue",
      Parameters: { QueueId: "$.Attributes.queue" },
      Transitions: {
        NextAction: "check",
        Errors: [{ ErrorType: "NoMatchingError", NextAction: "check" }],
      },
    },
    {
      Identifier: "check",
      Type: "CheckHoursOfOperation",
      Parameters: {},
      Transitions: {
        NextAction: "error",
        Conditions: [
          { NextAction: "open", Condition: { Operator: "Equals", Operands: ["True"] } },
          { NextAction: "closed", Condition: { Operator: "Equals", Operands: ["False"] } },
        ],
        Errors: [{ ErrorType: "NoMatchingError", NextAction: "error" }],
      },
    },
    say("open"),
    say("closed"),
    say("error"),
    { Identifier: "hang-up", Type: "DisconnectParticipant", Transitions: {} },
  ],
};

const clock = new ManualClock(t0);
let emulator: ConnectEmulator;

beforeAll(async () => {
  // The flow is under test, not the account's quotas (quotas/api-quotas.test.ts).
  emulator = await startConnectEmulator({
    quotas: "off",
    clock,
    instance: {
      instanceId: InstanceId,
      hoursOfOperation: [
        {
          name: "Office",
          timeZone: "Europe/London",
          config: [{ day: "MONDAY", startTime: "09:00", endTime: "17:00" }],
        },
      ],
      queues: [
        { id: officeQueueId, name: "Support", hoursOfOperation: "Office" },
        { id: anytimeQueueId, name: "Anytime" },
      ],
      flows: [{ name: "hours-check", content: hoursCheck }],
    },
  });
});
afterAll(() => emulator.close());

async function heard(queue: string): Promise<string[]> {
  const contact = emulator.control.placeVoiceCall({
    flow: "hours-check",
    attributes: { queue },
    caller: { promptSeconds: 1 },
  });
  await clock.advanceAsync(10_000);
  return emulator.control.flowTrace(contact.id).heard.map((prompt) => prompt.content);
}

describe("CheckHoursOfOperation on the emulator's instance", () => {
  it("follows the target queue's hours through the day, in their own time zone", async () => {
    expect(await heard(officeQueueId)).toEqual(["closed"]);
    await clock.advanceAsync(60 * 60_000);
    expect(await heard(officeQueueId)).toEqual(["open"]);
  });

  it("gives a queue seeded without hours the instance's 24/7 Basic Hours", async () => {
    expect(await heard(anytimeQueueId)).toEqual(["open"]);
    const clients = sdkClients(emulator.url);
    const described = await clients.connect.send(
      new DescribeQueueCommand({ InstanceId, QueueId: anytimeQueueId }),
    );
    const office = await clients.connect.send(
      new DescribeQueueCommand({ InstanceId, QueueId: officeQueueId }),
    );
    expect(described.Queue?.HoursOfOperationId).toEqual(expect.any(String));
    expect(described.Queue?.HoursOfOperationId).not.toBe(office.Queue?.HoursOfOperationId);
  });

  it("takes the error branch when the contact has no working queue", async () => {
    expect(await heard("no-such-queue")).toEqual(["error"]);
  });
});
