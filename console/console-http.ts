import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiRoute } from "./api-route.ts";
import type { ConsoleFeed } from "./console-feed.ts";
import type { PageAssets } from "./page-bundle.ts";
import { RequestError } from "./request-error.ts";

export interface RunningConsole {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  close(): Promise<void>;
}

/** A GET the console answers itself (the sandbox's media proxy): the request's URL, the response. */
export type GetHandler = (url: URL, response: ServerResponse) => Promise<void>;

export interface ConsoleHttpOptions {
  readonly assets: PageAssets;
  readonly feed: ConsoleFeed;
  readonly routes: readonly ApiRoute[];
  readonly gets?: Readonly<Record<string, GetHandler>>;
  /** 0 or absent: any free port. */
  readonly port?: number | undefined;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * Serves a console page on 127.0.0.1 only: the page's three files, its event stream at
 * `/events`, and its JSON actions. The sandbox console and `npm run ops -- console` differ
 * only in the page, the feed's sections and the routes they pass.
 */
export async function serveConsole(options: ConsoleHttpOptions): Promise<RunningConsole> {
  const { assets, feed } = options;
  const statics: Record<string, { type: string; body: string }> = {
    "/": { type: "text/html; charset=utf-8", body: assets.html },
    "/console.css": { type: "text/css; charset=utf-8", body: assets.css },
    "/console.js": { type: "text/javascript; charset=utf-8", body: assets.js },
  };
  let port = 0;
  const server = createServer((request, response) => {
    handle({ ...options, request, response, port, statics }).catch((error: unknown) =>
      answerError(response, error),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      feed.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function handle(
  options: ConsoleHttpOptions & {
    request: IncomingMessage;
    response: ServerResponse;
    port: number;
    statics: Record<string, { type: string; body: string }>;
  },
): Promise<void> {
  const { request, response, port } = options;
  // Only this machine's names: a page from elsewhere that rebinds its DNS to 127.0.0.1 is refused.
  const host = request.headers.host ?? "";
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    throw new RequestError(421, "this console answers on 127.0.0.1 only");
  }
  const url = new URL(request.url ?? "/", `http://${host}`);
  const asset = request.method === "GET" ? options.statics[url.pathname] : undefined;
  if (asset) {
    response.writeHead(200, { "content-type": asset.type, "cache-control": "no-store" });
    response.end(asset.body);
    return;
  }
  if (request.method === "GET" && url.pathname === "/events") {
    await options.feed.attach(response);
    return;
  }
  const get = request.method === "GET" ? options.gets?.[url.pathname] : undefined;
  if (get) {
    await get(url, response);
    return;
  }
  const route = options.routes.find(
    (r) => r.method === request.method && r.path.test(url.pathname),
  );
  if (!route) throw new RequestError(404, `no ${request.method} ${url.pathname}`);
  // A JSON body makes a cross-site form post impossible: browsers preflight it, and the
  // console answers no preflight.
  if (!String(request.headers["content-type"]).startsWith("application/json")) {
    throw new RequestError(415, "send JSON");
  }
  const body: unknown = JSON.parse(await readBody(request));
  const match = route.path.exec(url.pathname);
  const { status = 200, json } = await route.run(body, match?.groups ?? {});
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(json));
  options.feed.nudge();
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RequestError(413, "the request is too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8") || "{}";
}

function answerError(response: ServerResponse, error: unknown): void {
  const status =
    error instanceof RequestError ? error.status : error instanceof SyntaxError ? 400 : 500;
  if (status === 500) console.error("  ! console:", error);
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
}
