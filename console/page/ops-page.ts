/// <reference lib="dom" />
import type { OperationsView } from "../console-view.ts";
import { setUpOperations } from "./operations-panel.ts";

/**
 * The page of `npm run ops -- console`: the Operations panel alone, redrawn from the
 * server's event stream like the sandbox console's.
 */
function start(): void {
  const operations = setUpOperations();
  const link = document.querySelector<HTMLElement>("#link-status");
  const where = document.querySelector<HTMLElement>("#operations-where");
  const events = new EventSource("/events");
  events.addEventListener("open", () => {
    if (link) link.textContent = "Live: updates arrive as they happen.";
  });
  events.addEventListener("error", () => {
    if (link) link.textContent = "The ops console is not answering; reconnecting…";
  });
  events.addEventListener("operations", (event) => {
    const view = JSON.parse((event as MessageEvent<string>).data) as OperationsView;
    if (where) {
      const count = view.queues.length === 0 ? "no queue policies yet" : "";
      where.textContent = [`Table ${view.where ?? ""}`, count].filter(Boolean).join(": ");
    }
    operations.render(view);
  });
}

start();
