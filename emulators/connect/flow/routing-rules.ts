import { type ActionChecker, isRecord, shown } from "./action-checker.ts";
import type { ActionRule } from "./action-rules.ts";

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
