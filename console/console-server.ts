import type { ServerResponse } from "node:http";
import { DEMO } from "../sandbox/demo-instance.ts";
import type { LocalWorld } from "../sandbox/local-world.ts";
import { AgentDesk } from "./agent-desk.ts";
import { ConsoleFeed, type FeedTiming } from "./console-feed.ts";
import { type RunningConsole, serveConsole } from "./console-http.ts";
import { journeyRoutes } from "./journey-routes.ts";
import { callsView } from "./journey-view.ts";
import { operationsRoutes } from "./operations-routes.ts";
import { type OperationsSource, operationsView } from "./operations-view.ts";
import { buildPage } from "./page-bundle.ts";
import { CustomerPhones } from "./phones/customer-phones.ts";
import { RequestError } from "./request-error.ts";
import { whatIfRoute } from "./what-if.ts";

export type { RunningConsole } from "./console-http.ts";

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
  const assets = await buildPage("sandbox");
  const desk = new AgentDesk(world);
  const phones = new CustomerPhones(world, { businessNumber: DEMO.businessNumber });
  const twilioOrigin = new URL(world.twilio.url).origin;
  // Twilio's media needs the account's credentials, so the console fetches it; the other
  // platforms' files are public URLs on this machine (Meta's CDN stand-in, Connect's links).
  const mediaHref = (url: string) => {
    if (url.startsWith(`${twilioOrigin}/`)) return `/media?url=${encodeURIComponent(url)}`;
    return /^https?:\/\/127\.0\.0\.1:\d+\//.test(url) ? url : undefined;
  };
  const operations: OperationsSource = {
    policies: world.policies,
    funnel: world.funnel,
    queues: async () =>
      Object.entries(world.queueIds).map(([name, queueId]) => ({ queueId, name })),
  };
  const feed = new ConsoleFeed(
    {
      calls: () => callsView(world),
      phones: () => phones.view(mediaHref),
      agent: () => desk.view(),
      operations: () => operationsView(operations),
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
  return serveConsole({
    assets,
    feed,
    routes: [
      ...journeyRoutes({ world, desk, phones }),
      ...operationsRoutes(operations),
      whatIfRoute(),
    ],
    gets: { "/media": (url, response) => proxyMedia(response, url, world.twilio) },
    port: options.port,
  });
}

/** A customer's file at the Twilio emulator: its media URL needs the account's credentials. */
async function proxyMedia(
  response: ServerResponse,
  url: URL,
  twilio: { url: string; accountSid: string; authToken: string },
): Promise<void> {
  const mediaUrl = url.searchParams.get("url") ?? "";
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
