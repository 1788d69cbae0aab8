import type { IncomingHttpHeaders, Server } from "node:http";
import { startEmulatorServer } from "../../shared-http/http-server.ts";
import type { EmulatorResponse } from "../../shared-http/http-types.ts";
import type { UnroutedRequest } from "../../shared-http/router.ts";
import type { FaultInjector } from "../faults/fault-injector.ts";
import type { ApiQuotaGate } from "../quotas/api-quotas.ts";
import { ApiError, internalErrorName, type ServiceName } from "./api-error.ts";
import type { RouteResponse, Router } from "./router.ts";

export interface ApiServerOptions {
  readonly router: Router;
  readonly faults: FaultInjector;
  /** The account's rate quotas, checked before faults. */
  readonly quotas: ApiQuotaGate;
  /** Called once per matched request, before quotas and faults, with the operation name. */
  readonly onCall: (operation: string) => void;
  readonly port?: number;
  readonly maxBodyBytes?: number;
}

export interface ApiServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** Chat attachments come through this server too: up to Connect's 20 MB and then some. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;

/**
 * Serves the Connect, Participant and Lambda routes on the emulators' one HTTP stack
 * (shared-http), in restJson1 style: quotas, then faults, then the route, each error as the
 * service's own (x-amzn-ErrorType), and CORS as the AWS endpoints answer browsers.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const started = await startEmulatorServer({
    router: { dispatch: (request) => dispatch(options, request) },
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  return { server: started.server as Server, url: started.url, close: started.close };
}

/**
 * What a browser needs to call the emulator from a page on another origin, as web clients
 * (the chat library) call Connect's endpoints: any origin, the SDK's request headers, and
 * the response headers the SDK reads (the request id and the error type).
 */
const EXPOSED_HEADERS = "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date";
const ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
const PREFLIGHT_MAX_AGE_SECONDS = "600";

function browserHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": headers.origin ?? "*",
    "Access-Control-Expose-Headers": EXPOSED_HEADERS,
    ...(headers.origin ? { Vary: "Origin" } : {}),
  };
}

async function dispatch(
  options: ApiServerOptions,
  request: UnroutedRequest,
): Promise<{ response: EmulatorResponse; operation?: string }> {
  const cors = browserHeaders(request.headers);
  const answer = (response: EmulatorResponse) => ({
    ...response,
    headers: { ...cors, ...response.headers },
  });
  if (request.method === "OPTIONS" && request.headers["access-control-request-method"]) {
    // A CORS preflight: the method and every header the page asked for.
    return {
      response: answer({
        status: 204,
        headers: {
          "Access-Control-Allow-Methods": ALLOWED_METHODS,
          "Access-Control-Allow-Headers": request.headers["access-control-request-headers"] ?? "*",
          "Access-Control-Max-Age": PREFLIGHT_MAX_AGE_SECONDS,
        },
      }),
    };
  }
  const match = options.router.match(request.method, request.path);
  if (!match) {
    const message = { message: `No route for ${request.method} ${request.path}` };
    const headers = { "x-amzn-ErrorType": "UnknownOperationException" };
    return { response: answer(json(404, message, headers)) };
  }
  const { route, params } = match;
  options.onCall(route.operation);
  const response = await routed(options, { route, params, request });
  return { response: answer(response), operation: route.operation };
}

async function routed(
  options: ApiServerOptions,
  input: {
    route: NonNullable<ReturnType<Router["match"]>>["route"];
    params: Record<string, string>;
    request: UnroutedRequest;
  },
): Promise<EmulatorResponse> {
  const { route, params, request } = input;
  try {
    const fault =
      options.quotas.admit(route.operation, route.service) ??
      (await options.faults.apply(route.operation, route.service));
    if (fault) return errorResponse(route.service, fault);
    const body = parseBody(request.rawBody, request.headers["content-type"], route.service);
    const result = await route.handler({
      params,
      query: request.query,
      headers: request.headers,
      body,
      rawBody: request.rawBody,
    });
    return resultResponse(result);
  } catch (error) {
    return errorResponse(route.service, toApiError(error, route.service));
  }
}

function parseBody(raw: Buffer, contentType: string | undefined, service: ServiceName): unknown {
  if (raw.length === 0) return {};
  if (contentType && !contentType.includes("json")) return raw;
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    const name = service === "participant" ? "ValidationException" : "InvalidRequestException";
    throw new ApiError(name, "The request body is not valid JSON");
  }
}

function toApiError(error: unknown, service: ServiceName): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(internalErrorName(service), message);
}

function resultResponse(result: RouteResponse): EmulatorResponse {
  const status = result.status ?? 200;
  if (result.raw !== undefined) {
    return {
      status,
      headers: { "content-type": "application/octet-stream", ...result.headers },
      body: result.raw,
    };
  }
  return json(status, result.json ?? {}, result.headers);
}

function errorResponse(service: ServiceName, error: ApiError): EmulatorResponse {
  // The SDK reads the error name from x-amzn-ErrorType first (protocols.md §0).
  const body = { message: error.message, Message: error.message, ...error.extra };
  return json(error.statusFor(service), body, { "x-amzn-ErrorType": error.errorName });
}

function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): EmulatorResponse {
  const text = JSON.stringify(body);
  return {
    status,
    headers: {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(text)),
      "x-amzn-RequestId": crypto.randomUUID(),
      ...headers,
    },
    body: text,
  };
}
