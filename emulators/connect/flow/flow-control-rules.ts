import { shown } from "./action-checker.ts";
import type { ActionRule } from "./action-rules.ts";
import { OPERATORS } from "./flow-document.ts";
import { isSingleReference } from "./references.ts";

/** CheckMetricData metric types (protocols.md §2.3). */
export const METRIC_TYPES = [
  "NumberOfAgentsAvailable",
  "NumberOfAgentsStaffed",
  "NumberOfAgentsOnline",
  "OldestContactInQueueAgeSeconds",
  "NumberOfContactsInQueue",
] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * UpdateFlowAttributes ("Set contact attributes" with flow scope): each attribute a
 * `{ "Value": text }`, readable as `$.FlowAttributes.<key>` for the rest of this flow only.
 */
const updateFlowAttributes: ActionRule = {
  errors: ["NoMatchingError"],
  check(c) {
    const attributes = c.params.FlowAttributes;
    if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) {
      c.problem("Parameters.FlowAttributes", `must be an object, got ${shown(attributes)}`);
      return;
    }
    const entries = Object.entries(attributes);
    if (entries.length === 0) c.problem("Parameters.FlowAttributes", "must set at least one");
    for (const [key, entry] of entries) {
      // Keys are freer than contact attributes' ("bot-name/current" is in an export).
      if (key.length === 0) c.problem("Parameters.FlowAttributes", "keys must not be empty");
      const value = (entry as { Value?: unknown } | null)?.Value;
      if (typeof value !== "string") {
        c.problem(
          `Parameters.FlowAttributes.${key}.Value`,
          `must be a string, got ${shown(value)}`,
        );
      }
    }
  },
};

const checkMetricData: ActionRule = {
  conditions: true,
  // The doc lists NoMatchingCondition for two metrics only; importers want it for all (§2.3).
  errors: ["NoMatchingError", "NoMatchingCondition"],
  check(c) {
    const metric = c.oneOf("MetricType", METRIC_TYPES);
    const field = c.exactlyOne(["QueueId", "AgentId"], false);
    if (field) c.staticOrReference(field);
    if (metric?.startsWith("NumberOfAgents")) {
      c.conditionsOnly({
        operators: ["NumberGreaterThan"],
        operand: (v) => v === "0",
        operandRule: 'one operand "0" (agent counts only support NumberGreaterThan 0)',
      });
      return;
    }
    c.conditionsOnly({
      operators: OPERATORS.filter((op) => op === "Equals" || op.startsWith("Number")),
      operand: (v) => NUMERIC.test(v),
      operandRule: "one numeric operand",
    });
  },
};

export const flowControlRules: Record<string, ActionRule> = {
  UpdateFlowAttributes: updateFlowAttributes,
  Compare: {
    conditions: true,
    errors: ["NoMatchingCondition", "NoMatchingError"],
    check(c) {
      const value = c.string("ComparisonValue");
      if (value !== undefined && !isSingleReference(value)) {
        c.problem("Parameters.ComparisonValue", `must be one $. reference, got "${value}"`);
      }
      if (c.conditions().length === 0) {
        c.problem("Transitions.Conditions", "must have at least one condition");
      }
      c.conditionsOnly({ operators: OPERATORS, operand: () => true, operandRule: "one operand" });
    },
  },
  Loop: {
    conditions: true,
    errors: [],
    check(c) {
      // The Loop page allows a fully dynamic count as well as a static one.
      c.intString("LoopCount", { min: 0, max: 100, allowReference: true });
      c.conditionsOnly({
        operators: ["Equals"],
        operand: (v) => v === "ContinueLooping" || v === "DoneLooping",
        operandRule: 'one operand "ContinueLooping" or "DoneLooping"',
      });
      const operands = c.conditions().map((entry) => entry.Condition.Operands[0]);
      const exact =
        operands.length === 2 &&
        operands.includes("ContinueLooping") &&
        operands.includes("DoneLooping");
      if (!exact) {
        c.problem(
          "Transitions.Conditions",
          "must have exactly two conditions: Equals ContinueLooping and Equals DoneLooping",
        );
      }
    },
  },
  CheckMetricData: checkMetricData,
  GetMetricData: {
    errors: ["NoMatchingError"],
    check(c) {
      const field = c.exactlyOne(["QueueId", "AgentId"], false);
      if (field) c.staticOrReference(field);
      c.oneOf("QueueChannel", ["Voice", "Chat"], false);
    },
  },
  UpdateFlowLoggingBehavior: {
    errors: [],
    check(c) {
      c.oneOf("FlowLoggingBehavior", ["Enabled", "Disabled"]);
    },
  },
  EndFlowExecution: { errors: [], terminal: true, check: () => {} },
  // A module in flows of any type; it runs the module and carries on at NextAction once the
  // module returns. Custom module branches and Input are not modelled (ACTION-REFERENCE.md).
  InvokeFlowModule: {
    errors: ["NoMatchingError"],
    check(c) {
      c.staticOrReference("FlowModuleId");
    },
  },
  /** Returns from a module to the flow that invoked it. */
  EndFlowModuleExecution: { errors: [], terminal: true, check: () => {} },
  TransferToFlow: {
    errors: ["NoMatchingError"],
    check(c) {
      c.staticOrReference("ContactFlowId");
    },
  },
};
