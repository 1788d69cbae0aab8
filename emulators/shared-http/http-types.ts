import type { IncomingHttpHeaders } from "node:http";

/** One request as an emulator route sees it: the raw bytes are kept for signature checks. */
export interface EmulatorRequest {
  readonly method: string;
  /** Path without the query string, as sent (not decoded). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  /** Path parameters captured by the route pattern (decoded). */
  readonly params: Readonly<Record<string, string>>;
  /** The URL the client asked for, scheme and host included. */
  readonly url: URL;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string or Buffer is sent as is; anything else is sent as JSON. */
  readonly body?: unknown;
}

export type RouteHandler = (
  request: EmulatorRequest,
) => EmulatorResponse | Promise<EmulatorResponse>;

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    body,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  };
}

export function textResponse(
  status: number,
  body: string,
  contentType = "text/plain; charset=utf-8",
): EmulatorResponse {
  return { status, body, headers: { "content-type": contentType } };
}

/** First value of a header, whatever its case; Node lower-cases incoming header names. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
