import {
  createServer as createHttp1Server,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import {
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from "node:http2";
import { type AddressInfo, createServer as createNetServer, type Socket } from "node:net";
import { Duplex } from "node:stream";
import type { EmulatorRequest, EmulatorResponse } from "../shared-http/http-types.ts";

export type RequestHandler = (
  request: Omit<EmulatorRequest, "params">,
) => Promise<EmulatorResponse>;

export interface DualProtocolServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Clients send this first on cleartext HTTP/2 with prior knowledge (RFC 9113 §3.4). */
const H2_PREFACE = "PRI * HTTP/2.0";

/**
 * One port for HTTP/1.1 and cleartext HTTP/2: @aws-sdk/client-polly 3.11xx sends every call
 * over HTTP/2 (NodeHttp2Handler, for its bidirectional operation), curl and older clients
 * over HTTP/1.1. Each connection is handed to the server its first bytes call for.
 */
export async function startDualProtocolServer(options: {
  port?: number;
  maxBodyBytes?: number;
  handle: RequestHandler;
}): Promise<DualProtocolServer> {
  const listener = (
    req: IncomingMessage | Http2ServerRequest,
    res: ServerResponse | Http2ServerResponse,
  ) => {
    serve(req, res, options.handle, options.maxBodyBytes ?? 1024 * 1024).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`emulator failure: ${message}`);
    });
  };
  const http1 = createHttp1Server(listener);
  const http2 = createHttp2Server(listener);
  // A client that breaks the protocol loses its session; the process carries on.
  http2.on("session", (session) => session.on("error", () => {}));
  const sockets = new Set<Socket>();
  const net = createNetServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.once("data", (first: Buffer) => {
      const target =
        first.subarray(0, H2_PREFACE.length).toString("latin1") === H2_PREFACE ? http2 : http1;
      target.emit("connection", replaying(socket, first));
    });
  });
  await new Promise<void>((resolve, reject) => {
    net.once("error", reject);
    net.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = net.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        http1.close();
        http2.close();
        net.close(() => resolve());
      }),
  };
}

/**
 * The socket as a stream that first replays the bytes already read. Handing over the socket
 * itself loses them: both HTTP servers read its native handle, not its JS buffer.
 */
function replaying(socket: Socket, first: Buffer): Duplex {
  const stream = new Duplex({
    read: () => {
      socket.resume();
    },
    write: (chunk: Buffer, _encoding, callback) => {
      socket.write(chunk, callback);
    },
    final: (callback) => {
      socket.end();
      callback();
    },
    destroy: (error, callback) => {
      socket.destroy();
      callback(error);
    },
  });
  stream.push(first);
  socket.on("data", (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on("end", () => stream.push(null));
  socket.on("error", (error) => stream.destroy(error));
  socket.on("close", () => stream.destroy());
  return stream;
}

async function serve(
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
  handle: RequestHandler,
  maxBodyBytes: number,
): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) {
      res.writeHead(413, { "content-type": "text/plain" });
      res.end("Request Entity Too Large");
      return;
    }
    chunks.push(chunk);
  }
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const response = await handle({
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    rawBody: Buffer.concat(chunks),
    url,
  });
  const body = response.body;
  const payload =
    body === undefined
      ? Buffer.alloc(0)
      : Buffer.isBuffer(body)
        ? body
        : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  res.writeHead(response.status, { ...response.headers, "content-length": String(payload.length) });
  res.end(payload);
}
