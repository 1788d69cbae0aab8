import type { FlowAction, FlowCondition, FlowErrorType, Operator } from "./flow-document.ts";
import { containsReference, isSingleReference } from "./references.ts";

function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  return JSON.stringify(value) ?? String(value);
}

interface IntOptions {
  readonly min: number;
  readonly max?: number;
  readonly required?: boolean;
  /** Accept one `$.` reference in place of a static number. */
  readonly allowReference?: boolean;
}

/** Collects precise, action-named problems for one action's parameters and transitions. */
export class ActionChecker {
  readonly params: Record<string, unknown>;

  constructor(
    readonly action: FlowAction,
    private readonly problems: string[],
  ) {
    this.params = action.Parameters;
  }

  get label(): string {
    return `action "${this.action.Identifier}" (${this.action.Type})`;
  }

  problem(field: string, message: string): void {
    this.problems.push(`${this.label}: ${field} ${message}`);
  }

  has(field: string): boolean {
    return this.params[field] !== undefined;
  }

  /** A string parameter; reports it when missing (if required) or not a string. */
  string(field: string, required = true): string | undefined {
    const value = this.params[field];
    if (value === undefined) {
      if (required) this.problem(`Parameters.${field}`, "is required");
      return undefined;
    }
    if (typeof value !== "string" || value.length === 0) {
      this.problem(`Parameters.${field}`, `must be a non-empty string, got ${shown(value)}`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(field: string, values: readonly T[], required = true): T | undefined {
    const value = this.params[field];
    if (value === undefined && !required) return undefined;
    if (typeof value === "string" && (values as readonly string[]).includes(value))
      return value as T;
    const list = values.map((v) => `"${v}"`).join(", ");
    this.problem(`Parameters.${field}`, `must be one of ${list}, got ${shown(value)}`);
    return undefined;
  }

  /** An integer carried as a JSON string ("8"), optionally a single reference. */
  intString(field: string, options: IntOptions): number | undefined {
    return checkIntString(this.params[field], {
      ...options,
      report: (message) => this.problem(`Parameters.${field}`, message),
    });
  }

  /** Identifier-like parameters must be fully static or exactly one reference (§2.2). */
  staticOrReference(field: string, required = true): string | undefined {
    const value = this.string(field, required);
    if (value !== undefined && containsReference(value) && !isSingleReference(value)) {
      this.problem(
        `Parameters.${field}`,
        `must be static or exactly one $. reference, got ${shown(value)}`,
      );
    }
    return value;
  }

  /** Exactly one of the given parameters is present; returns it. */
  exactlyOne(fields: readonly string[], required = true): string | undefined {
    const present = fields.filter((f) => this.has(f));
    if (present.length === 1) return present[0];
    if (present.length === 0 && !required) return undefined;
    const got = present.length === 0 ? "none" : present.join(", ");
    this.problem("Parameters", `must have exactly one of ${fields.join(", ")}, got ${got}`);
    return undefined;
  }

  conditions(): readonly FlowCondition[] {
    return this.action.Transitions.Conditions ?? [];
  }

  noConditions(reason = "this action type does not support Conditions"): void {
    if (this.conditions().length > 0)
      this.problem("Transitions.Conditions", `not allowed: ${reason}`);
  }

  /** Every condition uses one of `operators` and exactly one operand accepted by `operand`. */
  conditionsOnly(options: {
    operators: readonly Operator[];
    operand: (value: string) => boolean;
    operandRule: string;
  }): void {
    this.conditions().forEach((entry, index) => {
      const field = `Transitions.Conditions[${index}].Condition`;
      const { Operator: op, Operands } = entry.Condition;
      if (!options.operators.includes(op)) {
        this.problem(`${field}.Operator`, `must be ${options.operators.join(" or ")}, got "${op}"`);
      }
      if (Operands.length !== 1 || !options.operand(Operands[0] ?? "")) {
        this.problem(`${field}.Operands`, `must be ${options.operandRule}, got ${shown(Operands)}`);
      }
    });
  }

  /** Listed error types must be ones this action type can raise. */
  allowedErrors(types: readonly FlowErrorType[]): void {
    (this.action.Transitions.Errors ?? []).forEach((entry, index) => {
      if (!(types as readonly string[]).includes(entry.ErrorType)) {
        const allowed = types.length ? types.join(", ") : "no error types";
        this.problem(
          `Transitions.Errors[${index}].ErrorType`,
          `"${entry.ErrorType}" is not raised by this action type (allowed: ${allowed})`,
        );
      }
    });
  }

  forbidError(type: FlowErrorType, reason: string): void {
    (this.action.Transitions.Errors ?? []).forEach((entry, index) => {
      if (entry.ErrorType === type) {
        this.problem(
          `Transitions.Errors[${index}].ErrorType`,
          `"${type}" is not allowed here: ${reason}`,
        );
      }
    });
  }
}

/** Shared integer-string rule; `report` receives the message without the field name. */
export function checkIntString(
  value: unknown,
  options: IntOptions & { report: (message: string) => void },
): number | undefined {
  if (value === undefined) {
    if (options.required !== false) options.report("is required");
    return undefined;
  }
  if (options.allowReference && typeof value === "string" && isSingleReference(value)) {
    return undefined;
  }
  const range =
    options.max === undefined
      ? options.min === 1
        ? "a positive integer string"
        : `an integer string of at least ${options.min}`
      : `an integer string from ${options.min} to ${options.max}`;
  const rule = options.allowReference ? `${range} or one $. reference` : range;
  if (typeof value !== "string" || !/^\d+$/.test(value)) {
    options.report(`must be ${rule}, got ${shown(value)}`);
    return undefined;
  }
  const n = Number(value);
  if (n < options.min || (options.max !== undefined && n > options.max)) {
    options.report(`must be ${rule}, got ${shown(value)}`);
    return undefined;
  }
  return n;
}

export { shown };

/** A plain JSON object (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
