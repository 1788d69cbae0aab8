import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { EmulatorResponse } from "./http-types.ts";
import type { RequestRecorder } from "./request-recorder.ts";
import type { UnroutedRequest } from "./router.ts";

/** What answers a request: the shared Router, or an emulator's own protocol (Connect's). */
export interface Dispatcher {
  dispatch(request: UnroutedRequest): Promise<{ response: EmulatorResponse; operation?: string }>;
}

export interface EmulatorServerOptions {
  readonly router: Dispatcher;
  readonly recorder?: RequestRecorder;
  /** PEM key and certificate: the server then speaks HTTPS. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly maxBodyBytes?: number;
  /** Requests whose path starts with this are not recorded (the inspection routes). */
  readonly unrecordedPrefix?: string;
}

export interface EmulatorServer {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  /** The Node server, for an emulator that also takes websocket upgrades. */
  readonly server: HttpServer;
  close(): Promise<void>;
}

class BodyTooLargeError extends Error {}

/** Starts an HTTP(S) server on 127.0.0.1 that hands every request to the router. */
export async function startEmulatorServer(options: EmulatorServerOptions): Promise<EmulatorServer> {
  const scheme = options.tls ? "https" : "http";
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, scheme, options).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`emulator failure: ${message}`);
    });
  };
  const server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener)
    : createHttpServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  scheme: string,
  options: EmulatorServerOptions,
): Promise<void> {
  let rawBody: Buffer;
  try {
    rawBody = await readBody(req, options.maxBodyBytes ?? 5 * 1024 * 1024);
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    res.writeHead(413, { "content-type": "text/plain", connection: "close" });
    res.end("Request Entity Too Large");
    return;
  }
  const url = new URL(req.url ?? "/", `${scheme}://${req.headers.host ?? "127.0.0.1"}`);
  const method = req.method ?? "GET";
  const { response, operation } = await options.router.dispatch({
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    rawBody,
    url,
  });
  write(res, response);
  if (options.recorder && !url.pathname.startsWith(options.unrecordedPrefix ?? "/__emulator")) {
    options.recorder.record({
      at: Date.now(),
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: rawBody.toString("utf8"),
      status: response.status,
      ...(operation ? { operation } : {}),
    });
  }
}

function write(res: ServerResponse, response: EmulatorResponse): void {
  const { body } = response;
  const payload =
    body === undefined
      ? ""
      : typeof body === "string" || Buffer.isBuffer(body)
        ? body
        : JSON.stringify(body);
  res.writeHead(response.status, { ...response.headers });
  res.end(payload);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
