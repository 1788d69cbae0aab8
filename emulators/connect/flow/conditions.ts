import type { FlowAction, FlowCondition, FlowErrorType, Operator } from "./flow-document.ts";
import type { EndReason } from "./run-result.ts";

function toNumber(value: string): number | undefined {
  if (value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * One condition against a runtime value. Text operators are case-sensitive; number operators
 * never match a value that is not a number. Equals also matches numerically equal values
 * ("300" and "300.0"), so metric values compare the way the console shows them.
 */
export function conditionMatches(operator: Operator, operand: string, value: string): boolean {
  const a = toNumber(value);
  const b = toNumber(operand);
  switch (operator) {
    case "Equals":
      return value === operand || (a !== undefined && b !== undefined && a === b);
    case "TextStartsWith":
      return value.startsWith(operand);
    case "TextEndsWith":
      return value.endsWith(operand);
    case "TextContains":
      return value.includes(operand);
    case "NumberGreaterThan":
      return a !== undefined && b !== undefined && a > b;
    case "NumberGreaterOrEqualTo":
      return a !== undefined && b !== undefined && a >= b;
    case "NumberLessThan":
      return a !== undefined && b !== undefined && a < b;
    case "NumberLessOrEqualTo":
      return a !== undefined && b !== undefined && a <= b;
  }
}

/** Conditions are tried in list order; the first match wins (protocols.md §2.1). */
export function firstMatchingCondition(
  conditions: readonly FlowCondition[],
  value: string,
): FlowCondition | undefined {
  return conditions.find((entry) =>
    conditionMatches(entry.Condition.Operator, entry.Condition.Operands[0] ?? "", value),
  );
}

/** What an action executor reports back to the run loop. */
export type ActionOutcome =
  | { readonly kind: "next" }
  | { readonly kind: "result"; readonly value: string }
  | { readonly kind: "error"; readonly error: FlowErrorType; readonly detail?: string }
  | { readonly kind: "end"; readonly end: EndReason };

/** The action's success branch. */
export const NEXT: ActionOutcome = { kind: "next" };

/** The catch-all error branch, with what went wrong for the trace. */
export function failed(detail: string): ActionOutcome {
  return { kind: "error", error: "NoMatchingError", detail };
}

function errorTarget(action: FlowAction, error: FlowErrorType): string | undefined {
  const errors = action.Transitions.Errors ?? [];
  const specific = errors.find((entry) => entry.ErrorType === error);
  if (specific) return specific.NextAction;
  // A missing specific error falls through to the catch-all (protocols.md §2.1).
  return errors.find((entry) => entry.ErrorType === "NoMatchingError")?.NextAction;
}

/**
 * The action to run next, or undefined when the flow has no transition for the outcome.
 * With no matching condition: NoMatchingCondition, then NoMatchingError, then NextAction.
 */
export function nextActionFor(action: FlowAction, outcome: ActionOutcome): string | undefined {
  switch (outcome.kind) {
    case "next":
      return action.Transitions.NextAction;
    case "error":
      return errorTarget(action, outcome.error);
    case "result": {
      const match = firstMatchingCondition(action.Transitions.Conditions ?? [], outcome.value);
      if (match) return match.NextAction;
      return errorTarget(action, "NoMatchingCondition") ?? action.Transitions.NextAction;
    }
    case "end":
      return undefined;
  }
}
