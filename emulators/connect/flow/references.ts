/**
 * `$.` references of the flow language (protocols.md §2.2): resolution against a scope and
 * substitution inside text.
 */

/** Everything a reference can reach, shaped like the JSONPath names Connect uses. */
export type ReferenceScope = Readonly<Record<string, unknown>>;

const REFERENCE_BODY = "\\$\\.[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_-]+)*";
const SINGLE_REFERENCE = new RegExp(`^${REFERENCE_BODY}$`);
const REFERENCE_IN_TEXT = new RegExp(REFERENCE_BODY, "g");

/** True when the whole string is exactly one reference, such as `$.External.eligible`. */
export function isSingleReference(value: string): boolean {
  return SINGLE_REFERENCE.test(value);
}

/** True when the string mentions a reference anywhere. */
export function containsReference(value: string): boolean {
  return value.includes("$.");
}

/** Follows a `$.a.b.c` path through own properties only; undefined when any step is missing. */
export function resolveReference(path: string, scope: ReferenceScope): unknown {
  const segments = path.slice(2).split(".");
  let current: unknown = scope;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Renders a resolved value as flow text. A reference that does not resolve becomes an empty
 * string; protocols.md §10 item 4 marks that as unverified.
 */
export function renderValue(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Substitutes every reference inside a text (`"Wait $.External.waitMinutes minutes"`). */
export function resolveText(text: string, scope: ReferenceScope): string {
  if (!containsReference(text)) return text;
  return text.replace(REFERENCE_IN_TEXT, (path) => renderValue(resolveReference(path, scope)));
}

/**
 * Resolves a parameter that is either static or one reference, keeping the referenced value's
 * own type (JSON-mode Lambda results may be objects); mixed text becomes a string.
 */
export function resolveParameter(value: string, scope: ReferenceScope): unknown {
  if (isSingleReference(value)) return resolveReference(value, scope);
  return resolveText(value, scope);
}

/** Like resolveParameter, rendered as a string (unresolved → ""). */
export function resolveParameterText(value: string, scope: ReferenceScope): string {
  return renderValue(resolveParameter(value, scope));
}
