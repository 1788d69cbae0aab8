/// <reference lib="dom" />

export interface ApiAnswer<T = Record<string, unknown>> {
  readonly ok: boolean;
  readonly status: number;
  readonly json: T & { error?: string };
}

/** Sends one action to the console's server as JSON (its only way of taking one). */
export async function callApi<T = Record<string, unknown>>(
  path: string,
  body: unknown,
  method = "POST",
): Promise<ApiAnswer<T>> {
  const response = await fetch(path, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as T & { error?: string };
  return { ok: response.ok, status: response.status, json };
}
