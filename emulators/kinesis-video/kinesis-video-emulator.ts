import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "../shared-http/clock.ts";
import { startOf, streamMedia } from "./get-media.ts";
import {
  getDataEndpointSchema,
  getMediaSchema,
  invalidArgument,
  KvsError,
  parseRequest,
  streamNotFound,
} from "./kvs-requests.ts";
import { KinesisVideoStreamStore } from "./stream-store.ts";

export interface KinesisVideoEmulatorOptions {
  /** The streams to serve; a new store (on `clock`) by default. */
  readonly streams?: KinesisVideoStreamStore;
  readonly clock?: Clock;
  readonly port?: number;
  /** GetMedia ends after this long with no producer and no new fragment (emulator's choice). */
  readonly idleEndMs?: number;
  /** FRAGMENT_NUMBER starts with the named fragment (true, the default) or the one after it. */
  readonly fragmentNumberInclusive?: boolean;
}

export interface KinesisVideoEmulator {
  /** Origin of both the control plane and the media data plane. */
  readonly url: string;
  readonly streams: KinesisVideoStreamStore;
  /** Test faults: the next requests of an operation fail, or the next GetMedia is cut short. */
  failNext(operation: "GetDataEndpoint" | "GetMedia", error: KvsError, count?: number): void;
  cutNextGetMedia(afterBytes: number): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

/** Starts a local Kinesis Video Streams (GetDataEndpoint and GetMedia) on 127.0.0.1. */
export async function startKinesisVideoEmulator(
  options: KinesisVideoEmulatorOptions = {},
): Promise<KinesisVideoEmulator> {
  const streams =
    options.streams ?? new KinesisVideoStreamStore(options.clock ? { clock: options.clock } : {});
  const failures = new Map<string, { error: KvsError; count: number }>();
  const cuts: number[] = [];
  let url = "";
  const routes: Record<string, (body: Buffer, res: ServerResponse) => Promise<void> | void> = {
    "/getDataEndpoint": (body, res) => {
      const request = parseRequest(getDataEndpointSchema, body);
      const stream = streams.find({ name: request.StreamName, arn: request.StreamARN });
      if (!stream) throw streamNotFound();
      sendJson(res, 200, { DataEndpoint: url });
    },
    "/getMedia": (body, res) => {
      const request = parseRequest(getMediaSchema, body);
      const stream = streams.find({ name: request.StreamName, arn: request.StreamARN });
      if (!stream) throw streamNotFound();
      const inclusive = options.fragmentNumberInclusive ?? true;
      const start = startOf(stream, request.StartSelector, inclusive);
      const cutAfterBytes = cuts.shift();
      return streamMedia({
        res,
        stream,
        start,
        media: {
          clock: streams.clock,
          idleEndMs: options.idleEndMs ?? 5_000,
          fragmentNumberInclusive: inclusive,
          ...(cutAfterBytes !== undefined ? { cutAfterBytes } : {}),
        },
      });
    },
  };
  const operations: Record<string, string> = {
    "/getDataEndpoint": "GetDataEndpoint",
    "/getMedia": "GetMedia",
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendError(res, error));
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const route = req.method === "POST" ? routes[path] : undefined;
    const body = await readBody(req);
    if (!route) throw new KvsError("UnknownOperationException", 404, `No route for ${path}`);
    const failure = failures.get(operations[path] ?? "");
    if (failure && failure.count > 0) {
      failure.count--;
      throw failure.error;
    }
    await route(body, res);
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    streams,
    failNext: (operation, error, count = 1) => failures.set(operation, { error, count }),
    cutNextGetMedia: (afterBytes) => cuts.push(afterBytes),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () =>
      size > MAX_BODY_BYTES
        ? reject(invalidArgument("The request body is too large."))
        : resolve(Buffer.concat(chunks)),
    );
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const known =
    error instanceof KvsError ? error : new KvsError("InternalFailure", 500, "emulator failure");
  if (!(error instanceof KvsError)) console.error("kinesis-video emulator:", error);
  sendJson(res, known.status, { Message: known.message }, { "x-amzn-ErrorType": known.errorName });
}
