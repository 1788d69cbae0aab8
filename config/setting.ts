import * as z from "zod";
import { InvalidConfigError } from "../core/errors.ts";
import type { EnvName } from "./environment-names.ts";

/** Environment variables by name. infra/ may render an unset one as "": blank counts as unset. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * One configuration field, declared once: the variables it reads and how their text becomes
 * its value. A config's type (ConfigOf) and its mapping from the environment both come from
 * a shape of these.
 */
export interface Setting<T> {
  /** The variables it reads; every problem with it names them. */
  readonly names: readonly EnvName[];
  /** Whether it fails when none of its variables is set. */
  readonly required: boolean;
  read(env: Environment): Reading<T>;
}

export type Reading<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly string[] };

export type Shape = Readonly<Record<string, Setting<unknown>>>;

type ValueOf<S> = S extends Setting<infer T> ? T : never;
type RequiredKeys<S extends Shape> = {
  [K in keyof S]: undefined extends ValueOf<S[K]> ? never : K;
}[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;

/**
 * The configuration a shape of settings yields: a setting that may come out undefined is an
 * optional key, left out when unset (exactOptionalPropertyTypes).
 */
export type ConfigOf<S extends Shape> = {
  readonly [K in RequiredKeys<S>]: ValueOf<S[K]>;
} & { readonly [K in OptionalKeys<S>]?: Exclude<ValueOf<S[K]>, undefined> } extends infer C
  ? { [K in keyof C]: C[K] }
  : never;

/** A field read from one variable: `budgetMs: setting(ENV.deflectBudgetMs, z.coerce…)`. */
export function setting<S extends z.ZodType>(name: EnvName, schema: S): Setting<z.output<S>> {
  const object = z.object({ [name]: schema });
  return fromSchema(
    [name],
    object.transform((values) => values[name] as z.output<S>),
  );
}

/**
 * A field read from several variables together (a mode and what that mode needs); `combine`
 * turns their values into the field's, and reports a problem through `ctx` with the path of the
 * variable at fault.
 */
export function combined<S extends z.ZodRawShape, T>(
  shape: S,
  combine: (values: z.output<z.ZodObject<S>>, ctx: z.RefinementCtx) => T,
): Setting<T> {
  return fromSchema(Object.keys(shape) as EnvName[], z.object(shape).transform(combine));
}

/**
 * Settings that go together, such as a platform's credentials: all of the required ones set
 * turns the group on, none leaves it off (undefined), and some but not all is a problem naming
 * the missing ones. A bad value is a problem whether the group is on or off.
 */
export function group<S extends Shape>(label: string, shape: S): Setting<ConfigOf<S> | undefined> {
  const members = Object.values(shape);
  const required = members.filter((member) => member.required);
  return {
    names: members.flatMap((member) => member.names),
    required: false,
    read(env) {
      const missing = required.filter((member) => !member.names.some((name) => isSet(env, name)));
      if (missing.length === required.length) {
        const problems = members.filter((m) => !m.required).flatMap((m) => problemsOf(m, env));
        return problems.length > 0 ? { ok: false, problems } : { ok: true, value: undefined };
      }
      const reading = readShape(shape, env);
      if (missing.length === 0) return reading;
      const half = `${label} is half configured: set ${missing.flatMap((m) => m.names).join(", ")}`;
      const others = reading.ok ? [] : reading.problems.filter((p) => !isAbout(p, missing));
      return { ok: false, problems: [half, ...others] };
    },
  };
}

/**
 * Reads `shape` from `env` into a frozen configuration. Throws InvalidConfigError naming every
 * variable at fault ("invalid deflect configuration: DEFLECT_BUDGET_MS: Too big: …"); a value
 * never appears in the message, as some are secrets.
 */
export function loadSettings<S extends Shape>(what: string, shape: S, env: Environment) {
  const reading = readShape(shape, env);
  if (!reading.ok) {
    const problems = [...new Set(reading.problems)];
    throw new InvalidConfigError(`invalid ${what} configuration: ${problems.join("; ")}`, {
      details: { problems },
    });
  }
  return reading.value;
}

/** Every variable a shape reads, e.g. to pass on just those from a process's environment. */
export function namesOf(shape: Shape): readonly EnvName[] {
  return [...new Set(Object.values(shape).flatMap((member) => member.names))];
}

function readShape<S extends Shape>(shape: S, env: Environment): Reading<ConfigOf<S>> {
  const value: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, member] of Object.entries(shape)) {
    const reading = member.read(env);
    if (!reading.ok) problems.push(...reading.problems);
    else if (reading.value !== undefined) value[key] = reading.value;
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: Object.freeze(value) as ConfigOf<S> };
}

function fromSchema<T>(names: readonly EnvName[], schema: z.ZodType<T>): Setting<T> {
  const read = (env: Environment): Reading<T> => {
    const parsed = schema.safeParse(env);
    if (parsed.success) return { ok: true, value: parsed.data };
    return { ok: false, problems: parsed.error.issues.map(describe) };
  };
  return { names, required: !read({}).ok, read };
}

/** "NAME: message": the path of an issue starts with the variable's name. */
function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

function problemsOf(member: Setting<unknown>, env: Environment): readonly string[] {
  const reading = member.read(env);
  return reading.ok ? [] : reading.problems;
}

function isAbout(problem: string, members: readonly Setting<unknown>[]): boolean {
  return members.some((member) => member.names.some((name) => problem.startsWith(`${name}:`)));
}

function isSet(env: Environment, name: string): boolean {
  const value = env[name];
  return value !== undefined && value !== "";
}
