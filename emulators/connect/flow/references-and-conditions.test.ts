import { describe, expect, it } from "vitest";
import { conditionMatches, firstMatchingCondition, nextActionFor } from "./conditions.ts";
import type { FlowAction, FlowCondition } from "./flow-document.ts";
import { isSingleReference, resolveParameter, resolveText } from "./references.ts";

const scope = {
  Attributes: { tier: "gold", "first-name": "Ada" },
  External: { waitMinutes: "12", Name: { First: "Grace" }, count: 3 },
  Queue: { Name: "Support" },
};

describe("$. references", () => {
  it("substitutes references inside text, keeping punctuation around them", () => {
    expect(
      resolveText("Wait $.External.waitMinutes minutes, $.Attributes.first-name.", scope),
    ).toBe("Wait 12 minutes, Ada.");
    expect(resolveText("$.Queue.Name:$.External.Name.First", scope)).toBe("Support:Grace");
  });

  it("renders missing references as empty and objects as JSON", () => {
    expect(resolveText("[$.External.nothing][$.Nope.x]", scope)).toBe("[][]");
    expect(resolveText("$.External.Name", scope)).toBe('{"First":"Grace"}');
  });

  it("keeps the referenced value's type for a whole-value reference", () => {
    expect(resolveParameter("$.External.Name", scope)).toEqual({ First: "Grace" });
    expect(resolveParameter("$.External.count", scope)).toBe(3);
    expect(resolveParameter("static-queue", scope)).toBe("static-queue");
  });

  it("never walks into prototype properties", () => {
    expect(resolveParameter("$.Attributes.constructor", scope)).toBeUndefined();
    expect(resolveText("$.External.toString", scope)).toBe("");
  });

  it("tells a single reference from mixed text", () => {
    expect(isSingleReference("$.External.eligible")).toBe(true);
    expect(isSingleReference("queue-$.Attributes.tier")).toBe(false);
    expect(isSingleReference("$.")).toBe(false);
  });
});

describe("conditions", () => {
  it("compares numbers numerically and refuses non-numbers", () => {
    expect(conditionMatches("NumberGreaterOrEqualTo", "300", "300")).toBe(true);
    expect(conditionMatches("NumberGreaterThan", "300", "1000")).toBe(true);
    expect(conditionMatches("NumberLessThan", "300", "abc")).toBe(false);
    expect(conditionMatches("NumberLessOrEqualTo", "5", "")).toBe(false);
    expect(conditionMatches("Equals", "300", "300.0")).toBe(true);
  });

  it("compares text case-sensitively", () => {
    expect(conditionMatches("Equals", "true", "True")).toBe(false);
    expect(conditionMatches("TextStartsWith", "+44", "+447700900123")).toBe(true);
    expect(conditionMatches("TextEndsWith", "123", "+447700900123")).toBe(true);
    expect(conditionMatches("TextContains", "7009", "+447700900123")).toBe(true);
  });

  it("takes the first matching condition in list order", () => {
    const conditions: FlowCondition[] = [
      { NextAction: "over-10", Condition: { Operator: "NumberGreaterThan", Operands: ["10"] } },
      { NextAction: "over-5", Condition: { Operator: "NumberGreaterThan", Operands: ["5"] } },
      { NextAction: "twelve", Condition: { Operator: "Equals", Operands: ["12"] } },
    ];
    expect(firstMatchingCondition(conditions, "12")?.NextAction).toBe("over-10");
    expect(firstMatchingCondition(conditions, "7")?.NextAction).toBe("over-5");
    expect(firstMatchingCondition(conditions, "1")).toBeUndefined();
  });

  it("falls through NoMatchingCondition → NoMatchingError → NextAction, and errors to NoMatchingError", () => {
    const action = (errors: FlowAction["Transitions"]["Errors"]): FlowAction => ({
      Identifier: "a",
      Type: "Compare",
      Parameters: {},
      Transitions: {
        NextAction: "default",
        Conditions: [{ NextAction: "yes", Condition: { Operator: "Equals", Operands: ["y"] } }],
        ...(errors ? { Errors: errors } : {}),
      },
    });
    const noMatch = { kind: "result", value: "n" } as const;
    expect(
      nextActionFor(action([{ ErrorType: "NoMatchingCondition", NextAction: "nmc" }]), noMatch),
    ).toBe("nmc");
    expect(
      nextActionFor(action([{ ErrorType: "NoMatchingError", NextAction: "nme" }]), noMatch),
    ).toBe("nme");
    expect(nextActionFor(action(undefined), noMatch)).toBe("default");
    const timeout = { kind: "error", error: "InputTimeLimitExceeded" } as const;
    expect(
      nextActionFor(action([{ ErrorType: "NoMatchingError", NextAction: "nme" }]), timeout),
    ).toBe("nme");
    expect(nextActionFor(action(undefined), timeout)).toBeUndefined();
  });
});
