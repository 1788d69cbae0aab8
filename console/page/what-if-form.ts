/// <reference lib="dom" />
import { callApi } from "./console-api.ts";
import { element, say } from "./element.ts";

const FIELDS = [
  { key: "arrivalsPerHour", label: "Calls an hour", value: "600" },
  { key: "agents", label: "Voice agents", value: "52" },
  { key: "handleSeconds", label: "Average handle time (s)", value: "300" },
  { key: "patienceSeconds", label: "Caller patience (s)", value: "600" },
] as const;

interface WhatIfAnswer {
  readonly plots?: readonly { title: string; src: string }[];
}

/**
 * What if: the simulator's plots of offers, ASA and service level against the threshold for
 * a queue a person describes, drawn by the server (`npm run ops -- simulate`'s code) as
 * images. A refused value shows next to the button, as the server words it.
 */
export function whatIfSection(): HTMLElement {
  const inputs = FIELDS.map(({ key, label, value }) => {
    const input = element("input", {
      id: `what-if-${key}`,
      name: key,
      inputmode: "numeric",
      value,
    });
    return { key, input, row: element("label", { for: input.id }, label, input) };
  });
  const status = element("p", { class: "status", role: "status" });
  const plots = element("div", { class: "what-if-plots" });
  const run = element("button", { type: "submit" }, "Simulate");
  const form = element(
    "form",
    { "aria-label": "what if" },
    element("div", { class: "field-row" }, ...inputs.map((i) => i.row)),
    run,
    status,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run.disabled = true;
    say(status, "Simulating 8 four-hour days at each threshold…");
    const body = Object.fromEntries(inputs.map(({ key, input }) => [key, input.value]));
    void callApi<WhatIfAnswer>("/api/what-if", body)
      .then(({ ok, json }) => {
        const said = ok ? "Bands are 95 % confidence intervals over the runs." : json.error;
        say(status, said ?? "refused", !ok);
        plots.replaceChildren(
          ...(ok ? (json.plots ?? []) : [])
            .filter((plot) => plot.src.startsWith("data:image/svg+xml;base64,"))
            .map((plot) => element("img", { src: plot.src, alt: plot.title, width: "480" })),
        );
      })
      .finally(() => {
        run.disabled = false;
      });
  });
  return element(
    "details",
    { class: "what-if" },
    element("summary", {}, "What if: simulate a queue's thresholds"),
    form,
    plots,
  );
}
