import { isRecord, shown } from "./action-checker.ts";
import type { ActionRule } from "./action-rules.ts";
import { containsReference, isSingleReference } from "./references.ts";

/**
 * ShowView (participant actions, "ShowView"): a step-by-step guide for the agent. Chat only;
 * its results are the choices the view offers, so any Equals operand is accepted here.
 */
const showView: ActionRule = {
  conditions: true,
  errors: ["NoMatchingError", "NoMatchingCondition", "TimeLimitExceeded"],
  check(c) {
    const resource = c.params.ViewResource;
    const id = isRecord(resource) ? resource.Id : undefined;
    if (typeof id !== "string" || id.length === 0) {
      c.problem("Parameters.ViewResource", `must be {Id, Version?}, got ${shown(resource)}`);
    } else if (containsReference(id) && !isSingleReference(id)) {
      c.problem(
        "Parameters.ViewResource.Id",
        `must be static or one $. reference, got ${shown(id)}`,
      );
    }
    c.intString("InvocationTimeLimitSeconds", { min: 1, required: false, allowReference: true });
    for (const field of ["ViewData", "SensitiveDataConfiguration"]) {
      if (c.has(field) && !isRecord(c.params[field])) {
        c.problem(`Parameters.${field}`, `must be an object, got ${shown(c.params[field])}`);
      }
    }
    c.conditionsOnly({
      operators: ["Equals"],
      operand: (value) => value.length > 0,
      operandRule: "one non-empty operand (a result of the view)",
    });
  },
};

export const viewRules: Record<string, ActionRule> = { ShowView: showView };
