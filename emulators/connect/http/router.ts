import type { IncomingHttpHeaders } from "node:http";
import { match, split } from "../../shared-http/router.ts";
import type { ServiceName } from "./api-error.ts";

/** What a route handler sees of one request. */
export interface RouteRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw bytes for routes declared `raw`. */
  readonly body: unknown;
  readonly rawBody: Buffer;
}

/** What a handler returns; a bare object is sent as a 200 JSON body. */
export interface RouteResponse {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly json?: unknown;
  /** A non-JSON body, sent as is with its own content-type header. */
  readonly raw?: string | Buffer;
}

export type RouteHandler = (req: RouteRequest) => RouteResponse | Promise<RouteResponse>;

export interface RouteSpec {
  readonly method: string;
  /** A path such as `/contacts/{InstanceId}/{ContactId}`; `{Name+}` is not needed here. */
  readonly path: string;
  /** The AWS operation name, used for call counts and fault injection. */
  readonly operation: string;
  readonly service: ServiceName;
  readonly handler: RouteHandler;
}

/** A Connect API route; the API files list theirs with this. */
export function connectRoute(
  method: string,
  path: string,
  operation: string,
  handler: RouteHandler,
): RouteSpec {
  return { method, path, operation, service: "connect", handler };
}

interface CompiledRoute extends RouteSpec {
  readonly segments: readonly string[];
}

export interface RouteMatch {
  readonly route: RouteSpec;
  readonly params: Record<string, string>;
}

/**
 * Connect's route table: AWS path templates (`/contacts/{InstanceId}/{ContactId}`) with each
 * route's operation and service, matched by the emulators' one path matcher (shared-http).
 */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(spec: RouteSpec): void {
    const pattern = spec.path.replace(/\{(\w+)\}/g, ":$1");
    this.routes.push({ ...spec, segments: split(pattern) });
  }

  addAll(specs: readonly RouteSpec[]): void {
    for (const spec of specs) this.add(spec);
  }

  match(method: string, pathname: string): RouteMatch | undefined {
    const segments = split(pathname);
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = match(route.segments, segments);
      if (params) return { route, params };
    }
    return undefined;
  }
}
