import { describe, expect, it } from "vitest";
import { autoAdvancingClock } from "./flow-clock.ts";
import type { HoursOfOperationInfo } from "./flow-host.ts";
import { DEFAULT_INSTANCE_ARN, InMemoryFlowHost } from "./in-memory-host.ts";
import { runFlow } from "./run-flow.ts";
import { ScriptedCaller } from "./scripted-caller.ts";
import { hangUp, say } from "./test-support/flow-steps.ts";
import { loadFlow, validateFlow } from "./validate-flow.ts";

const weekdays = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] as const;

/** Weekdays 09:00–17:00 in London; Friday evenings 18:00–midnight in New York. */
const office: HoursOfOperationInfo = {
  hoursOfOperationId: "office",
  timeZone: "Europe/London",
  config: weekdays.map((day) => ({ day, startTime: "09:00", endTime: "17:00" })),
};
const fridayNight: HoursOfOperationInfo = {
  hoursOfOperationId: "friday-night",
  timeZone: "America/New_York",
  config: [{ day: "FRIDAY", startTime: "18:00", endTime: "00:00" }],
};
/** Sunday 22:00 to Monday 02:00 in Tokyo, written on Sunday as one range. */
const lateShift: HoursOfOperationInfo = {
  hoursOfOperationId: "late-shift",
  timeZone: "Asia/Tokyo",
  config: [{ day: "SUNDAY", startTime: "22:00", endTime: "02:00" }],
};

const check = (parameters: object, conditions = ["True", "False"]) => ({
  Identifier: "check",
  Type: "CheckHoursOfOperation",
  Parameters: parameters,
  Transitions: {
    NextAction: "error",
    Conditions: conditions.map((operand) => ({
      NextAction: operand === "True" ? "open" : "closed",
      Condition: { Operator: "Equals", Operands: [operand] },
    })),
    Errors: [{ ErrorType: "NoMatchingError", NextAction: "error" }],
  },
});
const document = (parameters: object, conditions?: string[]) => ({
  Version: "2019-10-30",
  StartAction: "target",
  Actions: [
    {
      Identifier: "target",
      Type: "UpdateContactTargetQueue",
      Parameters: { QueueId: "support" },
      Transitions: {
        NextAction: "check",
        Errors: [{ ErrorType: "NoMatchingError", NextAction: "check" }],
      },
    },
    check(parameters, conditions),
    say("open"),
    say("closed"),
    say("error"),
    hangUp,
  ],
});

/** What the caller hears after CheckHoursOfOperation at `at`: "open", "closed" or "error". */
async function heardAt(at: string, parameters: object, queueHours?: string): Promise<string[]> {
  const clock = autoAdvancingClock(Date.parse(at));
  const caller = new ScriptedCaller(clock);
  const host = new InMemoryFlowHost({
    clock,
    participant: caller,
    queues: [
      {
        queueId: "support",
        name: "Support",
        ...(queueHours ? { hoursOfOperationId: queueHours } : {}),
      },
    ],
    hoursOfOperation: [office, fridayNight, lateShift],
  });
  await runFlow({ host, flow: loadFlow(document(parameters)) });
  return caller.heard.map((h) => h.content);
}

describe("CheckHoursOfOperation", () => {
  it("takes True inside the named hours and False outside them", async () => {
    const byId = { HoursOfOperationId: "office" };
    expect(await heardAt("2026-01-05T10:30:00Z", byId)).toEqual(["open"]);
    expect(await heardAt("2026-01-05T17:00:00Z", byId)).toEqual(["closed"]);
    expect(await heardAt("2026-01-10T10:30:00Z", byId)).toEqual(["closed"]);
  });

  it("judges the day on the hours' own clock, not UTC's, with 00:00 ending the day", async () => {
    const byArn = { HoursOfOperationId: `${DEFAULT_INSTANCE_ARN}/operating-hours/friday-night` };
    // Saturday 02:00 UTC is still Friday 21:00 in New York.
    expect(await heardAt("2026-01-10T02:00:00Z", byArn)).toEqual(["open"]);
    // Saturday 05:30 UTC is Saturday 00:30 there: the Friday range ended at midnight.
    expect(await heardAt("2026-01-10T05:30:00Z", byArn)).toEqual(["closed"]);
    // Friday 22:00 UTC is only 17:00 in New York.
    expect(await heardAt("2026-01-09T22:00:00Z", byArn)).toEqual(["closed"]);
  });

  it("carries a range whose end is before its start past midnight into the next day", async () => {
    const byId = { HoursOfOperationId: "late-shift" };
    // Sunday 16:30 UTC is Monday 01:30 in Tokyo; 17:30 UTC is Monday 02:30.
    expect(await heardAt("2026-01-11T16:30:00Z", byId)).toEqual(["open"]);
    expect(await heardAt("2026-01-11T17:30:00Z", byId)).toEqual(["closed"]);
  });

  it("checks the working queue's own hours when no id is given, or an empty one", async () => {
    expect(await heardAt("2026-01-05T10:30:00Z", {}, "office")).toEqual(["open"]);
    expect(await heardAt("2026-01-05T10:30:00Z", {}, "friday-night")).toEqual(["closed"]);
    expect(await heardAt("2026-01-05T10:30:00Z", { HoursOfOperationId: "" }, "office")).toEqual([
      "open",
    ]);
  });

  it("takes the error branch for unknown hours or a queue without hours", async () => {
    expect(await heardAt("2026-01-05T10:30:00Z", { HoursOfOperationId: "nope" })).toEqual([
      "error",
    ]);
    expect(await heardAt("2026-01-05T10:30:00Z", {})).toEqual(["error"]);
  });

  it("resolves a reference to the hours' id", async () => {
    const clock = autoAdvancingClock(Date.parse("2026-01-05T10:30:00Z"));
    const caller = new ScriptedCaller(clock);
    const host = new InMemoryFlowHost({
      clock,
      participant: caller,
      attributes: { hours: "office" },
      hoursOfOperation: [office],
    });
    await runFlow({ host, flow: loadFlow(document({ HoursOfOperationId: "$.Attributes.hours" })) });
    expect(caller.heard.map((h) => h.content)).toEqual(["open"]);
  });

  it("refuses at load time a check without its False condition, or with other operands", () => {
    expect(validateFlow(document({}, ["True"]))).toMatchObject({
      ok: false,
      problems: [
        'action "check" (CheckHoursOfOperation): Transitions.Conditions must have exactly two conditions: Equals True and Equals False',
      ],
    });
    const odd = validateFlow(document({}, ["True", "Maybe"]));
    expect(odd.ok ? [] : odd.problems).toContain(
      'action "check" (CheckHoursOfOperation): Transitions.Conditions[1].Condition.Operands must be one operand "True" or "False", got ["Maybe"]',
    );
    const mixed = validateFlow(document({ HoursOfOperationId: "id-$.Attributes.x" }));
    expect(mixed.ok ? "" : mixed.problems.join("\n")).toContain(
      "Parameters.HoursOfOperationId must be static or exactly one $. reference",
    );
  });
});
