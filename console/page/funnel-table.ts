/// <reference lib="dom" />
import type { FunnelLine } from "../console-view.ts";
import { element } from "./element.ts";

/** A queue's funnel: one row per channel, the path's stages as columns, the ways out below. */
export function funnelTable(queue: string, lines: readonly FunnelLine[]): HTMLElement {
  if (lines.length === 0) return element("p", { class: "muted" }, "No funnel counts yet.");
  const stages = lines[0]?.path.map((p) => p.stage) ?? [];
  const header = element(
    "tr",
    {},
    element("th", { scope: "col" }, "channel"),
    ...stages.map((stage) => element("th", { scope: "col" }, stage)),
  );
  const rows = lines.map((line) =>
    element(
      "tr",
      {},
      element("th", { scope: "row" }, line.channel),
      ...line.path.map((p) => element("td", { class: "count" }, count(p))),
    ),
  );
  return element(
    "div",
    {},
    element(
      "div",
      { class: "table-scroll", tabindex: "0", role: "region", "aria-label": `${queue} funnel` },
      element(
        "table",
        {},
        element(
          "caption",
          {},
          `${queue}: funnel per channel, all days (rate from the step before)`,
        ),
        element("thead", {}, header),
        element("tbody", {}, ...rows),
      ),
    ),
    ...lines
      .filter((line) => line.also.length > 0)
      .map((line) =>
        element(
          "p",
          { class: "muted" },
          `${line.channel}, also: ${line.also.map((a) => `${a.label} ${a.count}`).join(", ")}`,
        ),
      ),
  );
}

/** `12 (60%)`: as `npm run ops -- funnel` prints a step, its rate from the step before. */
function count(step: FunnelLine["path"][number]): string {
  return step.rate === null
    ? String(step.count)
    : `${step.count} (${Math.round(step.rate * 100)}%)`;
}
