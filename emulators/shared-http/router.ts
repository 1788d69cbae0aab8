import type { Fault, FaultInjector } from "./fault-injector.ts";
import type { EmulatorRequest, EmulatorResponse, RouteHandler } from "./http-types.ts";
import { jsonResponse } from "./http-types.ts";

/** An operation name for fault injection and recording, fixed or read from the request. */
export type OperationName = string | ((request: EmulatorRequest) => string);

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly operation: OperationName | undefined;
  readonly handler: RouteHandler;
}

export interface RouterOptions {
  /** Consulted for every route registered with an operation name. */
  readonly faults?: FaultInjector;
  /** Renders an injected fault in the platform's own error format. */
  readonly renderFault?: (fault: Fault) => EmulatorResponse;
  /** The platform's answer for an unknown path or method. */
  readonly notFound?: (request: EmulatorRequest) => EmulatorResponse;
}

export type UnroutedRequest = Omit<EmulatorRequest, "params">;

/**
 * A tiny path router: `:name` captures one path segment (`:name.json` one before a suffix). Written here because the
 * emulators need raw bodies, exact status codes and per-route fault hooks, and nothing
 * else a web framework brings.
 */
export class Router {
  readonly #routes: Route[] = [];
  readonly #options: RouterOptions;

  constructor(options: RouterOptions = {}) {
    this.#options = options;
  }

  add(method: string, pattern: string, handler: RouteHandler, operation?: OperationName): this {
    this.#routes.push({ method, segments: split(pattern), operation, handler });
    return this;
  }

  async dispatch(
    request: UnroutedRequest,
  ): Promise<{ response: EmulatorResponse; operation?: string }> {
    const segments = split(request.path);
    for (const route of this.#routes) {
      if (route.method !== request.method) continue;
      const params = match(route.segments, segments);
      if (!params) continue;
      const routed = { ...request, params };
      const operation =
        typeof route.operation === "function" ? route.operation(routed) : route.operation;
      const response = await this.#run(route.handler, operation, routed);
      return operation ? { response, operation } : { response };
    }
    const notFound = this.#options.notFound ?? (() => jsonResponse(404, { message: "Not Found" }));
    return { response: notFound({ ...request, params: {} }) };
  }

  async #run(
    handler: RouteHandler,
    operation: string | undefined,
    request: EmulatorRequest,
  ): Promise<EmulatorResponse> {
    const { faults, renderFault } = this.#options;
    const fault = operation && faults && renderFault ? faults.take(operation) : undefined;
    if (!fault || !renderFault) return handler(request);
    if ((fault.phase ?? "before") === "before") return renderFault(fault);
    const response = await handler(request);
    return response.status < 300 ? renderFault(fault) : response;
  }
}

/** A path's segments, as a pattern (`/chats/:id`) or a request path is matched by them. */
export function split(path: string): string[] {
  return path.split("/").filter((segment) => segment.length > 0);
}

/** The decoded parameters when the path's segments fit the pattern's, else undefined. */
export function match(
  pattern: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    const actual = segments[i] ?? "";
    if (part.startsWith(":")) {
      // `:sid.json` captures the segment before a literal suffix.
      const dot = part.indexOf(".");
      const suffix = dot < 0 ? "" : part.slice(dot);
      if (!actual.endsWith(suffix) || actual.length === suffix.length) return undefined;
      const decoded = safeDecode(actual.slice(0, actual.length - suffix.length));
      if (decoded === undefined) return undefined;
      params[part.slice(1, dot < 0 ? undefined : dot)] = decoded;
    } else if (part !== actual) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
