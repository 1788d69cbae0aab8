import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
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

/** Starts the HTTP server on loopback and serves the router's routes in restJson1 style. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const server = createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      sendError(res, "connect", toApiError(error, "connect"));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * What a browser needs to call the emulator from a page on another origin, as web clients
 * (the chat library) call Connect's endpoints: any origin, the SDK's request headers, and
 * the response headers the SDK reads (the request id and the error type).
 */
const EXPOSED_HEADERS = "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date";
const ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
const PREFLIGHT_MAX_AGE_SECONDS = "600";

function allowBrowsers(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Access-Control-Allow-Origin", req.headers.origin ?? "*");
  res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  if (req.headers.origin) res.setHeader("Vary", "Origin");
}

/** Answers a CORS preflight: the method and every header the page asked for. */
function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(204, {
    "Access-Control-Allow-Methods": ALLOWED_METHODS,
    "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "*",
    "Access-Control-Max-Age": PREFLIGHT_MAX_AGE_SECONDS,
  });
  res.end();
}

async function handle(options: ApiServerOptions, req: IncomingMessage, res: ServerResponse) {
  allowBrowsers(req, res);
  if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) {
    answerPreflight(req, res);
    return;
  }
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const match = options.router.match(req.method ?? "GET", url.pathname);
  if (!match) {
    sendJson(
      res,
      404,
      { message: `No route for ${req.method} ${url.pathname}` },
      {
        "x-amzn-ErrorType": "UnknownOperationException",
      },
    );
    return;
  }
  const { route, params } = match;
  const rawBody = await readBody(req, options.maxBodyBytes ?? 25 * 1024 * 1024);
  options.onCall(route.operation);
  const fault =
    options.quotas.admit(route.operation, route.service) ??
    (await options.faults.apply(route.operation, route.service));
  if (fault) {
    sendError(res, route.service, fault);
    return;
  }
  try {
    const body = parseBody(rawBody, req.headers["content-type"], route.service);
    const result = await route.handler({
      params,
      query: url.searchParams,
      headers: req.headers,
      body,
      rawBody,
    });
    sendResult(res, result);
  } catch (error) {
    sendError(res, route.service, toApiError(error, route.service));
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

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiError("InvalidRequestException", "Request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function toApiError(error: unknown, service: ServiceName): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(internalErrorName(service), message);
}

function sendResult(res: ServerResponse, result: RouteResponse): void {
  const status = result.status ?? 200;
  if (result.raw !== undefined) {
    res.writeHead(status, { "content-type": "application/octet-stream", ...result.headers });
    res.end(result.raw);
    return;
  }
  sendJson(res, status, result.json ?? {}, result.headers);
}

function sendError(res: ServerResponse, service: ServiceName, error: ApiError): void {
  // The SDK reads the error name from x-amzn-ErrorType first (protocols.md §0).
  const body = { message: error.message, Message: error.message, ...error.extra };
  sendJson(res, error.statusFor(service), body, { "x-amzn-ErrorType": error.errorName });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "x-amzn-RequestId": crypto.randomUUID(),
    ...headers,
  });
  res.end(text);
}
