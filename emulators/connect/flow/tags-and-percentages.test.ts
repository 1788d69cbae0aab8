import { describe, expect, it } from "vitest";
import { hangUp, say } from "./test-support/flow-steps.ts";
import { FAILED, problemsOf, runInMemory as run } from "./test-support/flow-under-test.ts";

describe("UnTagContact", () => {
  const untag = (TagKeys: unknown) => ({
    Version: "2019-10-30",
    StartAction: "untag",
    Actions: [
      {
        Identifier: "untag",
        Type: "UnTagContact",
        Parameters: { TagKeys },
        Transitions: { NextAction: "done", Errors: FAILED },
      },
      say("done"),
      say("failed"),
      hangUp,
    ],
  });

  it("removes tags the contact carries, all of them or none", async () => {
    const tags = { campaign: "spring", tier: "gold", team: "billing" };
    const { heard, host } = await run(untag(["campaign", "tier"]), { tags });
    expect(heard).toEqual(["done"]);
    expect(host.contactState.tags).toEqual({ team: "billing" });
    const missing = await run(untag(["campaign", "region"]), { tags });
    expect(missing.heard).toEqual(["failed"]);
    expect(missing.host.contactState.tags).toEqual(tags);
  });

  it("takes only static keys and never a system tag", () => {
    expect(problemsOf(untag(["aws:connect:source", "$.Attributes.key"]))).toEqual([
      'action "untag" (UnTagContact): Parameters.TagKeys[0] must be a static key of 1–128 characters, not aws:, got "aws:connect:source"',
      'action "untag" (UnTagContact): Parameters.TagKeys[1] must be a static key of 1–128 characters, not aws:, got "$.Attributes.key"',
    ]);
    expect(problemsOf(untag([]))).toEqual([
      'action "untag" (UnTagContact): Parameters.TagKeys must be a non-empty list of tag keys, got []',
    ]);
  });
});

describe("DistributeByPercentage", () => {
  const split = (thresholds: string[], operator = "NumberLessThan") => ({
    Version: "2019-10-30",
    StartAction: "split",
    Actions: [
      {
        Identifier: "split",
        Type: "DistributeByPercentage",
        Parameters: {},
        Transitions: {
          Conditions: thresholds.map((operand, index) => ({
            NextAction: `branch-${index}`,
            Condition: { Operator: operator, Operands: [operand] },
          })),
          Errors: [{ ErrorType: "NoMatchingCondition", NextAction: "rest" }],
        },
      },
      say("branch-0"),
      say("branch-1"),
      say("branch-2"),
      say("rest"),
      hangUp,
    ],
  });
  const flow = split(["20", "60"]);
  /** A draw of `value` in [0, 1) is the number floor(value × 100) + 1. */
  const drawing = (value: number) => ({ random: () => value });

  it("sends a draw below the first threshold down the first branch, and so on", async () => {
    expect((await run(flow, drawing(0.1))).heard).toEqual(["branch-0"]); // 11
    expect((await run(flow, drawing(0.19))).heard).toEqual(["branch-1"]); // 20
    expect((await run(flow, drawing(0.5))).heard).toEqual(["branch-1"]); // 51
  });

  it("takes NoMatchingCondition for a draw past the last threshold", async () => {
    const { heard, result } = await run(flow, drawing(0.99)); // 100
    expect(heard).toEqual(["rest"]);
    expect(result.steps[0]?.outcome).toBe("result:100");
  });

  it("draws every number from 1 to 100", async () => {
    const draws = new Set<string>();
    for (let i = 0; i < 100; i += 1) {
      const { result } = await run(flow, drawing((i + 0.5) / 100));
      draws.add(result.steps[0]?.outcome ?? "");
    }
    expect(draws.size).toBe(100);
    expect(draws).toContain("result:1");
    expect(draws).toContain("result:100");
  });

  it("wants a rising chain of NumberLessThan thresholds no larger than 100", () => {
    expect(problemsOf(split(["60", "20", "101"]))).toEqual([
      'action "split" (DistributeByPercentage): Transitions.Conditions[1].Condition.Operands must be one whole number above 60 and at most 100, got ["20"]',
      'action "split" (DistributeByPercentage): Transitions.Conditions[2].Condition.Operands must be one whole number above 60 and at most 100, got ["101"]',
    ]);
    expect(problemsOf(split(["50"], "NumberGreaterThan"))).toEqual([
      'action "split" (DistributeByPercentage): Transitions.Conditions[0].Condition.Operator must be NumberLessThan, got "NumberGreaterThan"',
    ]);
  });
});

describe("UpdateRoutingCriteria", () => {
  it("loads and runs under the reference's name as under the exports' name", async () => {
    const criteria = { Steps: [{ Expression: { AttributeCondition: { Name: "Language" } } }] };
    const routing = (Type: string, RoutingCriteria: object = criteria) => ({
      Version: "2019-10-30",
      StartAction: "route",
      Actions: [
        {
          Identifier: "route",
          Type,
          Parameters: { RoutingCriteria },
          Transitions: {
            NextAction: "hang-up",
            Errors: [{ ErrorType: "NoMatchingError", NextAction: "hang-up" }],
          },
        },
        hangUp,
      ],
    });
    for (const type of ["UpdateRoutingCriteria", "UpdateContactRoutingCriteria"]) {
      const { host } = await run(routing(type));
      expect(host.settings).toEqual([{ kind: "routingCriteria", criteria }]);
    }
    expect(problemsOf(routing("UpdateRoutingCriteria", { Steps: [] }))).toEqual([
      'action "route" (UpdateRoutingCriteria): Parameters.RoutingCriteria must hold a non-empty Steps list of objects, got {"Steps":[]}',
    ]);
  });
});
