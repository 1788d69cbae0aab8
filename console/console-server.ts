import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalWorld } from "../sandbox/local-world.ts";
import { AgentDesk } from "./agent-desk.ts";
import { ConsoleFeed, type FeedTiming } from "./console-feed.ts";
import { apiRoutes } from "./console-routes.ts";
import { callsView, phonesView } from "./journey-view.ts";
import { operationsView } from "./operations-view.ts";
import { buildPage } from "./page-bundle.ts";
import { RequestError } from "./request-error.ts";

export interface RunningConsole {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The browser console of the sandbox, on 127.0.0.1 only: the page, its event stream and the
 * few actions it takes (place a call, write as the customer, work as the agent, edit a
 * policy), each through the same emulator controls, platform webhooks and product code as
 * the rest of the sandbox.
 */
export async function startConsole(
  world: LocalWorld,
  options: { port?: number; timing?: FeedTiming } = {},
): Promise<RunningConsole> {
  const assets = await buildPage();
  const desk = new AgentDesk(world);
  const twilioOrigin = new URL(world.twilio.url).origin;
  const mediaHref = (url: string) =>
    url.startsWith(`${twilioOrigin}/`) ? `/media?url=${encodeURIComponent(url)}` : undefined;
  const feed = new ConsoleFeed(
    {
      calls: () => callsView(world),
      phones: () => phonesView(world, mediaHref),
      agent: () => desk.view(),
      operations: () => operationsView(world),
    },
    options.timing ?? { liveMs: 400, operationsMs: 2000 },
  );
  const nudge = () => feed.nudge();
  world.connect.instance.model.listen({
    queued: nudge,
    offered: nudge,
    connected: nudge,
    disconnected: nudge,
  });
  const routes = apiRoutes({ world, desk });
  const statics: Record<string, { type: string; body: string }> = {
    "/": { type: "text/html; charset=utf-8", body: assets.html },
    "/console.css": { type: "text/css; charset=utf-8", body: assets.css },
    "/console.js": { type: "text/javascript; charset=utf-8", body: assets.js },
  };
  let port = 0;
  const server = createServer((request, response) => {
    handle({ request, response, port, statics, routes, feed, mediaAuth: world.twilio }).catch(
      (error: unknown) => answerError(response, error),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
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

async function handle(options: {
  request: IncomingMessage;
  response: ServerResponse;
  port: number;
  statics: Record<string, { type: string; body: string }>;
  routes: ReturnType<typeof apiRoutes>;
  feed: ConsoleFeed;
  mediaAuth: { url: string; accountSid: string; authToken: string };
}): Promise<void> {
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
  if (request.method === "GET" && url.pathname === "/media") {
    await proxyMedia(response, url.searchParams.get("url") ?? "", options.mediaAuth);
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

/** A customer's file at the Twilio emulator: its media URL needs the account's credentials. */
async function proxyMedia(
  response: ServerResponse,
  mediaUrl: string,
  twilio: { url: string; accountSid: string; authToken: string },
): Promise<void> {
  if (!mediaUrl.startsWith(`${new URL(twilio.url).origin}/`)) {
    throw new RequestError(400, "only the Twilio emulator's media");
  }
  const basic = Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString("base64");
  const media = await fetch(mediaUrl, { headers: { authorization: `Basic ${basic}` } });
  response.writeHead(media.status, {
    "content-type": media.headers.get("content-type") ?? "application/octet-stream",
  });
  response.end(Buffer.from(await media.arrayBuffer()));
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
