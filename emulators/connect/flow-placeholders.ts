/**
 * Placeholders in flow JSON written for this project, resolved when the flow is loaded into an
 * emulator (or deployed): `${KIND:name}`, for example `${LAMBDA_ARN:deflect}`,
 * `${QUEUE_ID:Support}` or `${FLOW_ID:queue-offer}`. KIND is upper case (A-Z, 0-9, _) and
 * name is anything up to the closing brace. They may sit anywhere inside any string, keys
 * included, and never clash with Connect's own `$.` references. Every placeholder must
 * resolve: a missing one is an error that names it and where it is.
 */
export type PlaceholderValues = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface PlaceholderUse {
  readonly kind: string;
  readonly name: string;
  /** Where it sits, as a JSON path such as `Actions[3].Parameters.QueueId`. */
  readonly path: string;
}

const PLACEHOLDER = /\$\{([A-Z][A-Z0-9_]*):([^}]+)\}/g;

export class PlaceholderError extends Error {
  constructor(readonly missing: readonly PlaceholderUse[]) {
    super(
      `Unresolved placeholders: ${missing
        .map((use) => `\${${use.kind}:${use.name}} at ${use.path}`)
        .join("; ")}`,
    );
    this.name = "PlaceholderError";
  }
}

/** Every placeholder in a JSON value, in document order. */
export function findPlaceholders(value: unknown): PlaceholderUse[] {
  const found: PlaceholderUse[] = [];
  visitStrings(value, "", (text, path) => {
    for (const match of text.matchAll(PLACEHOLDER)) {
      found.push({ kind: match[1] ?? "", name: match[2] ?? "", path });
    }
    return text;
  });
  return found;
}

/** A copy of `value` with each placeholder replaced by `values[KIND][name]`. */
export function resolvePlaceholders<T>(value: T, values: PlaceholderValues): T {
  const missing: PlaceholderUse[] = [];
  const resolved = visitStrings(value, "", (text, path) =>
    text.replace(PLACEHOLDER, (whole, kind: string, name: string) => {
      const replacement = values[kind]?.[name];
      if (replacement === undefined) {
        missing.push({ kind, name, path });
        return whole;
      }
      return replacement;
    }),
  );
  if (missing.length > 0) throw new PlaceholderError(missing);
  return resolved as T;
}

function visitStrings(
  value: unknown,
  path: string,
  visit: (text: string, path: string) => string,
): unknown {
  if (typeof value === "string") return visit(value, path || "$");
  if (Array.isArray(value))
    return value.map((item, i) => visitStrings(item, `${path}[${i}]`, visit));
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    copy[visit(key, `${childPath} (key)`)] = visitStrings(item, childPath, visit);
  }
  return copy;
}
