import { describe, expect, it } from "vitest";
import { autoAdvancingClock } from "./flow-clock.ts";
import { InMemoryFlowHost } from "./in-memory-host.ts";
import { runFlow } from "./run-flow.ts";
import { type CallerStep, ScriptedCaller } from "./scripted-caller.ts";
import { loadFlow } from "./validate-flow.ts";

type Action = { Identifier: string; Type: string; Parameters?: unknown; Transitions?: unknown };

function flowOf(actions: Action[]) {
  return loadFlow({ Version: "2019-10-30", StartAction: actions[0]?.Identifier, Actions: actions });
}

const say = (id: string, text: string, next?: string): Action => ({
  Identifier: id,
  Type: "MessageParticipant",
  Parameters: { Text: text },
  Transitions: next ? { NextAction: next } : {},
});

const loop = (id: string, count: string, more: string, done: string): Action => ({
  Identifier: id,
  Type: "Loop",
  Parameters: { LoopCount: count },
  Transitions: {
    Conditions: [
      { NextAction: more, Condition: { Operator: "Equals", Operands: ["ContinueLooping"] } },
      { NextAction: done, Condition: { Operator: "Equals", Operands: ["DoneLooping"] } },
    ],
  },
});

const hangUp: Action = { Identifier: "hang-up", Type: "DisconnectParticipant", Transitions: {} };

function setUp(options: { steps?: CallerStep[]; attributes?: Record<string, string> } = {}) {
  const clock = autoAdvancingClock();
  const caller = new ScriptedCaller(clock, { steps: options.steps ?? [] });
  const host = new InMemoryFlowHost({
    clock,
    participant: caller,
    attributes: options.attributes ?? {},
    queues: [
      {
        queueId: "q1",
        name: "Sales",
        contactsInQueue: 7,
        oldestContactAgeSeconds: 95,
        agents: { online: 4, available: 1 },
      },
    ],
  });
  return { clock, caller, host };
}

describe("Loop", () => {
  it("continues LoopCount times, then is done, and resets for the next pass", async () => {
    const flow = flowOf([
      loop("outer", "2", "inner", "hang-up"),
      loop("inner", "2", "tick", "outer"),
      say("tick", "tick", "inner"),
      hangUp,
    ]);
    const { host } = setUp();
    const result = await runFlow({ flow, host });
    const pass = ["inner", "tick", "inner", "tick", "inner"];
    expect(result.visited).toEqual(["outer", ...pass, "outer", ...pass, "outer", "hang-up"]);
    expect(result.prompts).toHaveLength(4);
  });

  it("is done at once with LoopCount 0 and reads a dynamic count from an attribute", async () => {
    const zero = await runFlow({
      flow: flowOf([loop("l", "0", "tick", "hang-up"), say("tick", "t", "l"), hangUp]),
      host: setUp().host,
    });
    expect(zero.visited).toEqual(["l", "hang-up"]);
    const dynamic = flowOf([
      loop("l", "$.Attributes.tries", "tick", "hang-up"),
      say("tick", "t", "l"),
      hangUp,
    ]);
    const three = await runFlow({
      flow: dynamic,
      host: setUp({ attributes: { tries: "3" } }).host,
    });
    expect(three.visited.filter((id) => id === "tick")).toHaveLength(3);
  });
});

describe("the run loop", () => {
  it("stops a runaway loop at the step limit", async () => {
    const flow = flowOf([say("a", "a", "b"), say("b", "b", "a")]);
    const result = await runFlow({ flow, host: setUp().host, maxSteps: 50 });
    expect(result.end).toEqual({
      kind: "error",
      message: 'step limit of 50 reached at action "a"',
    });
  });

  it("stops endless hold music at the step limit", async () => {
    const flow = flowOf([
      {
        Identifier: "music",
        Type: "MessageParticipantIteratively",
        Parameters: { Messages: [{ Text: "hold" }] },
      },
    ]);
    const result = await runFlow({ flow, host: setUp().host, kind: "customerQueue", maxSteps: 20 });
    expect(result.end).toEqual({ kind: "error", message: 'step limit of 20 reached in "music"' });
  });

  it("disconnects a voice contact that runs out of transitions before queueing", async () => {
    const { host } = setUp();
    const result = await runFlow({ flow: flowOf([say("only", "hello")]), host });
    expect(result.end).toEqual({ kind: "disconnected", by: "noTransition" });
    expect(host.disconnected).toBe(true);
  });

  it("ends with the flow id on TransferToFlow", async () => {
    const flow = flowOf([
      {
        Identifier: "go",
        Type: "TransferToFlow",
        Parameters: { ContactFlowId: "$.Attributes.next" },
      },
    ]);
    const result = await runFlow({ flow, host: setUp({ attributes: { next: "flow-42" } }).host });
    expect(result.end).toEqual({ kind: "transferredToFlow", contactFlowId: "flow-42" });
  });
});

describe("GetParticipantInput", () => {
  const storeNumber: Action = {
    Identifier: "number",
    Type: "GetParticipantInput",
    Parameters: {
      Text: "Enter your mobile number, then hash.",
      StoreInput: "True",
      InputTimeLimitSeconds: "10",
      InputValidation: { PhoneNumberValidation: { NumberFormat: "Local", CountryCode: "GB" } },
    },
    Transitions: {
      NextAction: "read-back",
      Errors: [
        { ErrorType: "InvalidPhoneNumber", NextAction: "invalid" },
        { ErrorType: "NoMatchingError", NextAction: "invalid" },
      ],
    },
  };
  const flow = flowOf([
    storeNumber,
    say("read-back", "You entered $.StoredCustomerInput", "hang-up"),
    say("invalid", "Sorry", "hang-up"),
    hangUp,
  ]);

  it("stores digits up to the terminator as $.StoredCustomerInput", async () => {
    const { caller, host } = setUp({ steps: [{ press: "07911123456#" }] });
    const result = await runFlow({ flow, host });
    expect(result.visited).toEqual(["number", "read-back", "hang-up"]);
    expect(caller.heard[1]?.content).toBe("You entered +447911123456");
  });

  it("takes InvalidPhoneNumber for digits that are not a number", async () => {
    const result = await runFlow({ flow, host: setUp({ steps: [{ press: "123#" }] }).host });
    expect(result.visited).toEqual(["number", "invalid", "hang-up"]);
    expect(result.steps[0]).toMatchObject({ outcome: "error:InvalidPhoneNumber", detail: "123" });
  });

  it("ignores speech on a DTMF block and still reads keys before the limit", async () => {
    const { caller, host } = setUp({
      steps: [
        { say: "I want an agent", afterSeconds: 3 },
        { press: "07911123456#", afterSeconds: 4 },
      ],
    });
    const result = await runFlow({ flow, host });
    expect(caller.said).toEqual(["I want an agent"]);
    expect(result.visited).toEqual(["number", "read-back", "hang-up"]);
  });

  it("stores Timeout and takes the success branch when speech uses up the limit", async () => {
    const { caller, host } = setUp({
      steps: [
        { say: "hello?", afterSeconds: 3 },
        { press: "07911123456#", afterSeconds: 8 },
      ],
    });
    const result = await runFlow({ flow, host });
    expect(result.visited).toEqual(["number", "read-back", "hang-up"]);
    expect(caller.heard[1]?.content).toBe("You entered Timeout");
  });

  it("reads a full international number with E164 validation", async () => {
    const e164 = flowOf([
      {
        ...storeNumber,
        Parameters: {
          Text: "Enter your number with the country code.",
          StoreInput: "True",
          InputValidation: { PhoneNumberValidation: { NumberFormat: "E164" } },
        },
      },
      say("read-back", "You entered $.StoredCustomerInput", "hang-up"),
      say("invalid", "Sorry", "hang-up"),
      hangUp,
    ]);
    const { caller, host } = setUp({ steps: [{ press: "33612345678#" }] });
    await runFlow({ flow: e164, host });
    expect(caller.heard[1]?.content).toBe("You entered +33612345678");
  });
});

describe("contact actions", () => {
  it("updates attributes all-or-nothing under the 32 KB cap", async () => {
    const flow = flowOf([
      {
        Identifier: "set",
        Type: "UpdateContactAttributes",
        Parameters: { Attributes: { small: "ok", big: "$.Attributes.blob" } },
        Transitions: {
          NextAction: "hang-up",
          Errors: [{ ErrorType: "NoMatchingError", NextAction: "too-big" }],
        },
      },
      say("too-big", "too big", "hang-up"),
      hangUp,
    ]);
    const blob = "x".repeat(16_380);
    const { host } = setUp({ attributes: { blob } });
    const result = await runFlow({ flow, host });
    expect(result.visited).toEqual(["set", "too-big", "hang-up"]);
    expect(result.attributes).toEqual({ blob });
    const fits = await runFlow({
      flow,
      host: setUp({ attributes: { blob: "x".repeat(100) } }).host,
    });
    expect(fits.attributes).toMatchObject({ small: "ok", big: "x".repeat(100) });
  });

  it("fills $.Metrics from GetMetricData and branches on CheckMetricData", async () => {
    const flow = flowOf([
      {
        Identifier: "queue",
        Type: "UpdateContactTargetQueue",
        Parameters: { QueueId: "q1" },
        Transitions: { NextAction: "metrics" },
      },
      {
        Identifier: "metrics",
        Type: "GetMetricData",
        Parameters: { QueueChannel: "Voice" },
        Transitions: { NextAction: "tell" },
      },
      say(
        "tell",
        "$.Metrics.Queue.Name has $.Metrics.Queue.Size waiting, $.Metrics.Agents.Available.Count free.",
        "busy",
      ),
      {
        Identifier: "busy",
        Type: "CheckMetricData",
        Parameters: { MetricType: "NumberOfContactsInQueue" },
        Transitions: {
          NextAction: "hang-up",
          Conditions: [
            { NextAction: "hang-up", Condition: { Operator: "NumberLessThan", Operands: ["5"] } },
            {
              NextAction: "many",
              Condition: { Operator: "NumberGreaterOrEqualTo", Operands: ["5"] },
            },
          ],
        },
      },
      say("many", "many", "hang-up"),
      hangUp,
    ]);
    const { caller, host } = setUp();
    const result = await runFlow({ flow, host });
    expect(caller.heard[0]?.content).toBe("Sales has 7 waiting, 1 free.");
    expect(result.visited).toEqual(["queue", "metrics", "tell", "busy", "many", "hang-up"]);
  });
});
