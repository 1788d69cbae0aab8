import type * as z from "zod";
import { ActionChecker, shown } from "./action-checker.ts";
import { actionRules, SUPPORTED_ACTION_TYPES } from "./action-rules.ts";
import {
  FLOW_LANGUAGE_VERSION,
  type FlowAction,
  type FlowDocument,
  type FlowKind,
  flowDocumentSchema,
  MAX_ACTIONS,
  MAX_IDENTIFIER_LENGTH,
} from "./flow-document.ts";
import { ACTION_FLOW_TYPES } from "./flow-type-rules.ts";
import {
  describeFlowTypes,
  FLOW_TYPE_NAMES,
  FLOW_TYPES,
  type FlowType,
  flowTypeNamed,
  resolveFlowType,
} from "./flow-types.ts";

/** A flow document that failed validation; `problems` lists every issue found. */
export class FlowValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid flow (${problems.length} problem(s)):\n- ${problems.join("\n- ")}`);
    this.name = "FlowValidationError";
  }
}

export type FlowValidation =
  | { readonly ok: true; readonly flow: FlowDocument }
  | { readonly ok: false; readonly problems: readonly string[] };

const FLOW_TYPES_TEXT = FLOW_TYPES.join(", ");

const FORBIDDEN_IDENTIFIER_CHARS = /[%:()\\/=$,;[\]{}]/;
// Identifiers become object keys in Connect; JS prototype names are refused (§2.1).
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Envelope problems, named by action where the action has a usable Identifier. */
function formatZodIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const message = `${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
  const detail =
    issue.code === "invalid_value"
      ? `${message}, got ${shown(valueAt(input, issue.path))}`
      : message;
  const [top, index] = issue.path;
  if (top === "Actions" && typeof index === "number") {
    const action = valueAt(input, ["Actions", index]) as { Identifier?: unknown; Type?: unknown };
    if (typeof action?.Identifier === "string") {
      const field = pathText(issue.path.slice(2)) || "action";
      return `action "${action.Identifier}" (${String(action.Type)}): ${field} is ${detail}`;
    }
  }
  return `${pathText(issue.path) || "document"} is ${detail}`;
}

function checkIdentifier(action: FlowAction, index: number, seen: Set<string>): string[] {
  const id = action.Identifier;
  const where = `Actions[${index}].Identifier ${JSON.stringify(id)}`;
  const problems: string[] = [];
  if (id.length === 0 || id.length > MAX_IDENTIFIER_LENGTH) {
    problems.push(`${where} must be 1 to ${MAX_IDENTIFIER_LENGTH} characters`);
  }
  if (FORBIDDEN_IDENTIFIER_CHARS.test(id)) {
    problems.push(`${where} must not contain any of % : ( \\ / ) = $ , ; [ ] { }`);
  }
  if (PROTOTYPE_NAMES.has(id)) problems.push(`${where} must not be a JavaScript prototype name`);
  if (seen.has(id)) problems.push(`${where} is used by more than one action`);
  seen.add(id);
  return problems;
}

function checkTargets(action: FlowAction, ids: ReadonlySet<string>, problems: string[]): void {
  const t = action.Transitions;
  const label = `action "${action.Identifier}" (${action.Type})`;
  const check = (field: string, target: string | undefined) => {
    if (target !== undefined && !ids.has(target)) {
      problems.push(
        `${label}: ${field} points to "${target}", which is not an action in this flow`,
      );
    }
  };
  check("Transitions.NextAction", t.NextAction);
  t.Conditions?.forEach((c, i) => {
    check(`Transitions.Conditions[${i}].NextAction`, c.NextAction);
  });
  t.Errors?.forEach((e, i) => {
    check(`Transitions.Errors[${i}].NextAction`, e.NextAction);
  });
}

/** Names the action, the flow type and the types it is allowed in. */
function checkFlowType(checker: ActionChecker, flowType: FlowType): void {
  const allowed = ACTION_FLOW_TYPES[checker.action.Type];
  if (!allowed || allowed.includes(flowType)) return;
  checker.problem(
    "Type",
    `is not allowed in ${FLOW_TYPE_NAMES[flowType]} (${flowType}); it is only allowed in ${describeFlowTypes(allowed)}`,
  );
}

function checkAction(action: FlowAction, flowType: FlowType | undefined, problems: string[]): void {
  const rule = actionRules[action.Type];
  const checker = new ActionChecker(action, problems);
  if (!rule) {
    checker.problem(
      "Type",
      `is not a supported action type (supported: ${SUPPORTED_ACTION_TYPES.join(", ")})`,
    );
    return;
  }
  rule.check(checker);
  if (!rule.conditions) checker.noConditions();
  checker.allowedErrors(rule.errors);
  const t = action.Transitions;
  if (rule.terminal && (t.NextAction !== undefined || t.Conditions?.length || t.Errors?.length)) {
    checker.problem("Transitions", "must be {} on a terminal action");
  }
  if (flowType) checkFlowType(checker, flowType);
}

export interface ValidateFlowOptions {
  /** How the flow will run; "contact" stands for every type but the customer queue. */
  readonly kind?: FlowKind;
  /**
   * The flow type as Connect names it, in an export (`agentWhisper`) or in CreateContactFlow
   * (`AGENT_WHISPER`). Without it the type comes from `kind` and the document (flow-types.ts);
   * when nothing names one, flow-type restrictions are not checked.
   */
  readonly flowType?: FlowType | string;
}

/** The type to check against; an explicit type Connect does not have is a problem. */
function typeToCheck(input: unknown, options: ValidateFlowOptions, problems: string[]) {
  const { flowType, kind } = options;
  if (flowType === undefined) return resolveFlowType(input, kind);
  const named = flowTypeNamed(flowType);
  if (!named)
    problems.push(`flow type ${JSON.stringify(flowType)} is not one of ${FLOW_TYPES_TEXT}`);
  return named;
}

/**
 * Checks an exported flow document against the flow language rules and returns every problem
 * found, the actions its flow type does not allow included (see ValidateFlowOptions).
 */
export function validateFlow(input: unknown, options: ValidateFlowOptions = {}): FlowValidation {
  const parsed = flowDocumentSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => formatZodIssue(i, input)) };
  }
  const flow = parsed.data;
  const problems: string[] = [];
  const flowType = typeToCheck(input, options, problems);
  if (flow.Version !== FLOW_LANGUAGE_VERSION) {
    problems.push(
      `Version must be "${FLOW_LANGUAGE_VERSION}", got ${JSON.stringify(flow.Version)}`,
    );
  }
  if (flow.Actions.length === 0 || flow.Actions.length > MAX_ACTIONS) {
    problems.push(`Actions must hold 1 to ${MAX_ACTIONS} actions, got ${flow.Actions.length}`);
  }
  const seen = new Set<string>();
  flow.Actions.forEach((action, i) => {
    problems.push(...checkIdentifier(action, i, seen));
  });
  if (!seen.has(flow.StartAction)) {
    problems.push(`StartAction "${flow.StartAction}" is not an action in this flow`);
  }
  for (const action of flow.Actions) {
    checkTargets(action, seen, problems);
    checkAction(action, flowType, problems);
  }
  return problems.length ? { ok: false, problems } : { ok: true, flow };
}

/** Validates and returns the flow, or throws FlowValidationError listing every problem. */
export function loadFlow(input: unknown, options: ValidateFlowOptions = {}): FlowDocument {
  const result = validateFlow(input, options);
  if (!result.ok) throw new FlowValidationError(result.problems);
  return result.flow;
}
