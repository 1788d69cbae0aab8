/// <reference lib="dom" />
import type { ConsoleSections, SectionName } from "../console-view.ts";
import { AgentPanel } from "./agent-panel.ts";
import { setUpCaller } from "./caller-panel.ts";
import { setUpOperations } from "./operations-panel.ts";
import { setUpPhone } from "./phone-panel.ts";

/**
 * The console's page: four panels, each redrawn from the server's event stream. The page
 * never asks for updates; the server pushes a section whenever it changes.
 */
function start(): void {
  const number = document.querySelector<HTMLInputElement>("#call-number")?.value ?? "";
  const phone = setUpPhone(`whatsapp#${number}`);
  const caller = setUpCaller({ onPlaced: (phoneKey) => phone.show(phoneKey) });
  const agent = new AgentPanel();
  const operations = setUpOperations();
  const renderers: { [K in SectionName]: (data: ConsoleSections[K]) => void } = {
    calls: caller.render,
    phones: phone.render,
    agent: (desk) => agent.render(desk),
    operations: operations.render,
  };
  const link = document.querySelector<HTMLElement>("#link-status");
  const events = new EventSource("/events");
  events.addEventListener("open", () => {
    if (link) link.textContent = "Live: updates arrive as they happen.";
  });
  events.addEventListener("error", () => {
    if (link) link.textContent = "The sandbox is not answering; reconnecting…";
  });
  for (const name of Object.keys(renderers) as SectionName[]) {
    events.addEventListener(name, (event) => {
      const render = renderers[name] as (data: unknown) => void;
      render(JSON.parse((event as MessageEvent<string>).data));
    });
  }
}

start();
