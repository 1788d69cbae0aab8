import type { EmulatorRequest } from "./http-types.ts";

/** Form fields keep every value in order, as `MediaUrl` may repeat. */
export type FormFields = Readonly<Record<string, readonly string[]>>;

export function parseForm(raw: string): FormFields {
  const fields: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    fields[name] = [...(fields[name] ?? []), value];
  }
  return fields;
}

export function firstField(fields: FormFields, name: string): string | undefined {
  return fields[name]?.[0];
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(raw: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export function contentType(request: EmulatorRequest): string {
  const value = request.headers["content-type"] ?? "";
  return (value.split(";")[0] ?? "").trim().toLowerCase();
}

/**
 * Request parameters the way form-or-JSON APIs (Telegram's Bot API, Graph) read them:
 * the query string, then a form or JSON body on top. JSON values that are not strings
 * are kept as they are.
 */
export function readParameters(
  request: EmulatorRequest,
): { ok: true; params: Record<string, unknown> } | { ok: false; error: string } {
  const params: Record<string, unknown> = Object.fromEntries(request.query);
  const raw = request.rawBody.toString("utf8");
  if (raw.length === 0) return { ok: true, params };
  const type = contentType(request);
  if (type === "application/json") {
    const parsed = parseJson(raw);
    if (!parsed.ok) return parsed;
    if (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) {
      return { ok: false, error: "the JSON body is not an object" };
    }
    return { ok: true, params: { ...params, ...(parsed.value as Record<string, unknown>) } };
  }
  if (type === "application/x-www-form-urlencoded") {
    return { ok: true, params: { ...params, ...Object.fromEntries(new URLSearchParams(raw)) } };
  }
  return { ok: false, error: `unsupported content type ${type || "(none)"}` };
}
