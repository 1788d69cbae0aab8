import { ConsoleFeed, type FeedTiming } from "./console-feed.ts";
import { type RunningConsole, serveConsole } from "./console-http.ts";
import { operationsRoutes } from "./operations-routes.ts";
import { type OperationsSource, operationsView } from "./operations-view.ts";
import { buildPage } from "./page-bundle.ts";
import { whatIfRoute } from "./what-if.ts";

export interface OpsConsoleOptions {
  /** The deployed table's stores, as `npm run ops` opens them. */
  readonly source: OperationsSource;
  /** The table, as the CLI names it in its messages. */
  readonly where: string;
  /** Why policies may not be edited (`started without --write`); absent, they may. */
  readonly readOnly?: string | undefined;
  readonly port?: number | undefined;
  readonly timing?: Pick<FeedTiming, "operationsMs">;
}

/**
 * `npm run ops -- console`: the sandbox console's Operations panel alone, on 127.0.0.1,
 * reading (and with --write, editing) a deployed table through the same view and routes.
 */
export async function startOpsConsole(options: OpsConsoleOptions): Promise<RunningConsole> {
  const { source, where, readOnly } = options;
  const about = { where, ...(readOnly === undefined ? {} : { readOnly }) };
  const feed = new ConsoleFeed(
    { operations: () => operationsView(source, about) },
    // A deployed table is read on the operator's account: every 5 s while a page is open.
    { liveMs: 0, operationsMs: options.timing?.operationsMs ?? 5000 },
  );
  return serveConsole({
    assets: await buildPage("ops"),
    feed,
    routes: [...operationsRoutes(source, readOnly), whatIfRoute()],
    port: options.port,
  });
}
