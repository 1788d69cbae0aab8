import type { ActionRule } from "./action-rules.ts";

const RESULTS = ["True", "False"];

/**
 * CheckHoursOfOperation: open hours give "True", closed hours "False", and the action page
 * wants exactly those two conditions. Without an id the working queue's hours are checked.
 */
export const hoursRules: Record<string, ActionRule> = {
  CheckHoursOfOperation: {
    conditions: true,
    errors: ["NoMatchingError"],
    check(c) {
      // An export carries "" here, a blank its deploy step fills (xb-hours-check.json); it is
      // read as absent, so the queue's hours apply. What the service does with "" is unconfirmed.
      if (c.params.HoursOfOperationId !== "") c.staticOrReference("HoursOfOperationId", false);
      c.conditionsOnly({
        operators: ["Equals"],
        operand: (value) => RESULTS.includes(value),
        operandRule: 'one operand "True" or "False"',
      });
      const operands = c.conditions().map((entry) => entry.Condition.Operands[0] ?? "");
      const exact = operands.length === 2 && RESULTS.every((result) => operands.includes(result));
      if (!exact) {
        c.problem(
          "Transitions.Conditions",
          "must have exactly two conditions: Equals True and Equals False",
        );
      }
    },
  },
};
