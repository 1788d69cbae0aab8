import { describe, expect, it } from "vitest";
import { autoAdvancingClock } from "./flow-clock.ts";
import type { FlowDocument } from "./flow-document.ts";
import { InMemoryFlowHost } from "./in-memory-host.ts";
import { runFlow } from "./run-flow.ts";
import { ScriptedCaller } from "./scripted-caller.ts";
import { hangUp, say } from "./test-support/flow-steps.ts";
import { loadFlow } from "./validate-flow.ts";

const onError = (id: string) => [{ ErrorType: "NoMatchingError", NextAction: id }];
const invoke = (Identifier: string, FlowModuleId: string, NextAction: string) => ({
  Identifier,
  Type: "InvokeFlowModule",
  Parameters: { FlowModuleId },
  Transitions: { NextAction, Errors: onError("module-failed") },
});
const document = (actions: object[]): FlowDocument =>
  loadFlow({
    Version: "2019-10-30",
    StartAction: (actions[0] as { Identifier: string }).Identifier,
    Actions: actions,
  });
const returned = { Identifier: "return", Type: "EndFlowModuleExecution", Transitions: {} };

/** A module that greets the caller by the name in an attribute and records that it ran. */
const greeting = document([
  {
    Identifier: "mark",
    Type: "UpdateContactAttributes",
    Parameters: { Attributes: { greeted: "yes" } },
    Transitions: { NextAction: "hello", Errors: onError("return") },
  },
  say("hello", "Hello $.Attributes.name", "return"),
  returned,
  hangUp,
]);

async function run(main: FlowDocument, modules: Record<string, FlowDocument>) {
  const clock = autoAdvancingClock();
  const caller = new ScriptedCaller(clock);
  const host = new InMemoryFlowHost({
    clock,
    participant: caller,
    attributes: { name: "Sam", module: "greeting" },
    modules,
  });
  const result = await runFlow({ flow: main, host });
  return { result, heard: caller.heard.map((h) => h.content) };
}

const main = (moduleRef: string) =>
  document([
    invoke("invoke", moduleRef, "after"),
    say("after", "Back in the main flow", "hang-up"),
    say("module-failed", "The module failed", "hang-up"),
    hangUp,
  ]);

describe("flow modules", () => {
  it("runs the module on the same contact and carries on once it returns", async () => {
    const { result, heard } = await run(main("$.Attributes.module"), { greeting });
    expect(heard).toEqual(["Hello Sam", "Back in the main flow"]);
    expect(result.attributes.greeted).toBe("yes");
    expect(result.visited).toEqual(["invoke", "mark", "hello", "return", "after", "hang-up"]);
    expect(result.end).toEqual({ kind: "disconnected", by: "action" });
  });

  it("takes the error branch for a module the instance does not have", async () => {
    const { heard } = await run(main("no-such-module"), { greeting });
    expect(heard).toEqual(["The module failed"]);
  });

  it("refuses a module that invokes another, and ends the flow when a module disconnects", async () => {
    const nested = document([
      invoke("inner", "greeting", "return"),
      say("module-failed", "Modules do not nest", "return"),
      returned,
      hangUp,
    ]);
    expect((await run(main("nested"), { nested, greeting })).heard).toEqual([
      "Modules do not nest",
      "Back in the main flow",
    ]);
    const hangsUp = document([say("bye", "Goodbye", "hang-up"), hangUp]);
    const { result, heard } = await run(main("hangsUp"), { hangsUp });
    expect(heard).toEqual(["Goodbye"]);
    expect(result.end).toEqual({ kind: "disconnected", by: "action" });
  });

  it("refuses EndFlowModuleExecution outside a module", async () => {
    const stray = document([
      {
        Identifier: "stray",
        Type: "EndFlowModuleExecution",
        Transitions: {},
      },
      hangUp,
    ]);
    const { result } = await run(stray, {});
    expect(result.steps[0]?.outcome).toBe("error:NoMatchingError");
  });
});
