import { type ActionChecker, isRecord, shown } from "./action-checker.ts";
import type { ActionRule } from "./action-rules.ts";
import { containsReference } from "./references.ts";

/** Tag keys and values as AWS tagging takes them (1–128 and 0–256 characters, no `aws:`). */
const MAX_TAG_KEY = 128;
const MAX_TAG_VALUE = 256;

function tags(c: ActionChecker): void {
  const value = c.params.Tags;
  if (!isRecord(value) || Object.keys(value).length === 0) {
    c.problem("Parameters.Tags", `must be a non-empty object of strings, got ${shown(value)}`);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.length === 0 || key.length > MAX_TAG_KEY || key.startsWith("aws:")) {
      c.problem(
        `Parameters.Tags`,
        `key ${shown(key)} must be 1–${MAX_TAG_KEY} characters, not aws:`,
      );
    }
    if (typeof item !== "string" || item.length > MAX_TAG_VALUE) {
      c.problem(
        `Parameters.Tags.${key}`,
        `must be a string of at most ${MAX_TAG_VALUE} characters`,
      );
    }
  }
}

/** UnTagContact: static keys only, and never a system (`aws:`) tag (UnTagContact page). */
function tagKeys(c: ActionChecker): void {
  const keys = c.params.TagKeys;
  if (!Array.isArray(keys) || keys.length === 0) {
    c.problem("Parameters.TagKeys", `must be a non-empty list of tag keys, got ${shown(keys)}`);
    return;
  }
  keys.forEach((key, index) => {
    const valid =
      typeof key === "string" &&
      key.length > 0 &&
      key.length <= MAX_TAG_KEY &&
      !key.startsWith("aws:") &&
      !containsReference(key);
    if (!valid) {
      c.problem(
        `Parameters.TagKeys[${index}]`,
        `must be a static key of 1–${MAX_TAG_KEY} characters, not aws:, got ${shown(key)}`,
      );
    }
  });
}

/**
 * DistributeByPercentage: a chain of NumberLessThan conditions, each operand a whole number
 * above the one before and at most 100 (the action page's "NumericLessThan").
 */
function percentages(c: ActionChecker): void {
  let previous = 0;
  c.conditions().forEach((entry, index) => {
    const field = `Transitions.Conditions[${index}].Condition`;
    const { Operator: op, Operands } = entry.Condition;
    if (op !== "NumberLessThan") {
      c.problem(`${field}.Operator`, `must be NumberLessThan, got "${op}"`);
    }
    const operand = Operands.length === 1 ? Operands[0] : undefined;
    const n = operand !== undefined && /^\d+$/.test(operand) ? Number(operand) : Number.NaN;
    if (!(n > previous && n <= 100)) {
      c.problem(
        `${field}.Operands`,
        `must be one whole number above ${previous} and at most 100, got ${shown(Operands)}`,
      );
    }
    if (n > previous) previous = n;
  });
}

function routingCriteria(c: ActionChecker): void {
  const criteria = c.params.RoutingCriteria;
  const steps = isRecord(criteria) ? criteria.Steps : undefined;
  if (!Array.isArray(steps) || steps.length === 0 || !steps.every(isRecord)) {
    c.problem(
      "Parameters.RoutingCriteria",
      `must hold a non-empty Steps list of objects, got ${shown(criteria)}`,
    );
  }
}

/**
 * Routing and callback blocks. Exports seen: UpdateContactRoutingBehavior with QueuePriority
 * and no error branch; UpdateContactCallbackNumber with its two callback errors;
 * CreateCallbackContact with its three delays and counts as strings. Upper limits on the
 * delays, priorities and attempts were not confirmed, so none is enforced.
 */
export const routingRules: Record<string, ActionRule> = {
  TagContact: { errors: ["NoMatchingError"], check: tags },
  UnTagContact: { errors: ["NoMatchingError"], check: tagKeys },
  DistributeByPercentage: { conditions: true, errors: ["NoMatchingCondition"], check: percentages },
  UpdateContactRoutingBehavior: {
    errors: ["NoMatchingError"],
    check(c) {
      if (!c.has("QueuePriority") && !c.has("QueueTimeAdjustmentSeconds")) {
        c.problem("Parameters", "must have QueuePriority or QueueTimeAdjustmentSeconds");
      }
      if (c.has("QueuePriority")) {
        c.intString("QueuePriority", { min: 1, allowReference: true });
      }
      if (c.has("QueueTimeAdjustmentSeconds")) {
        c.intString("QueueTimeAdjustmentSeconds", { min: 0, allowReference: true });
      }
    },
  },
  // The reference names it UpdateRoutingCriteria; Connect's own exports write
  // UpdateContactRoutingCriteria (ACTION-REFERENCE.md). Both load and run alike.
  UpdateRoutingCriteria: { errors: ["NoMatchingError"], check: routingCriteria },
  UpdateContactRoutingCriteria: { errors: ["NoMatchingError"], check: routingCriteria },
  UpdateContactCallbackNumber: {
    errors: ["InvalidCallbackNumber", "CallbackNumberNotDialable", "NoMatchingError"],
    check(c) {
      c.staticOrReference("CallbackNumber");
    },
  },
  CreateCallbackContact: {
    errors: ["NoMatchingError"],
    check(c) {
      for (const field of [
        "InitialCallDelaySeconds",
        "MaximumConnectionAttempts",
        "RetryDelaySeconds",
      ]) {
        c.intString(field, { min: 0, allowReference: true });
      }
      const field = c.exactlyOne(["QueueId", "AgentId"], false);
      if (field) c.staticOrReference(field);
    },
  },
};
