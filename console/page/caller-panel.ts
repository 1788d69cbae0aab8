/// <reference lib="dom" />
import type { CallView } from "../console-view.ts";
import { callApi } from "./console-api.ts";
import { element, replaceContent, say, time } from "./element.ts";

/** The Caller panel: places a scripted call, then follows each call live. */
export function setUpCaller(options: { onPlaced: (phoneKey: string) => void }): {
  render: (calls: readonly CallView[]) => void;
} {
  const form = document.querySelector<HTMLFormElement>("#call-form");
  const status = document.querySelector<HTMLElement>("#call-status");
  const list = document.querySelector<HTMLElement>("#calls");
  if (!form || !status || !list) throw new Error("the Caller panel is missing from the page");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const number = (name: string) => {
      const value = String(data.get(name) ?? "").trim();
      return value === "" ? undefined : Number(value);
    };
    say(status, "Placing the call…");
    const answer = await callApi<{ contactId?: string; phone?: string }>("/api/calls", {
      customerNumber: data.get("customerNumber"),
      channel: data.get("channel"),
      queue: data.get("queue"),
      says: data.get("says"),
      offer: data.get("offer"),
      hangUpAfterSeconds: number("hangUpAfterSeconds"),
      promptSeconds: number("promptSeconds"),
    });
    if (!answer.ok) {
      say(status, `Not placed: ${answer.json.error ?? answer.status}`, true);
      return;
    }
    say(status, `Call ${answer.json.contactId ?? ""} placed; it is followed below.`);
    if (answer.json.phone) options.onPlaced(answer.json.phone);
  });
  return {
    render: (calls) =>
      replaceContent(
        list,
        calls.length === 0
          ? [element("p", { class: "muted" }, "No calls yet.")]
          : calls.map((call, i) => callCard(call, i === 0)),
      ),
  };
}

function callCard(call: CallView, newest: boolean): HTMLElement {
  const reason = call.disconnectReason ? ` (${call.disconnectReason})` : "";
  const summary = `${time(call.startedAt)} ${call.customerNumber} · ${call.queue} · ${call.state}${reason}`;
  return element(
    "details",
    { "data-key": `call-${call.contactId}`, open: newest, class: "call" },
    element("summary", {}, summary),
    element("h3", {}, "What the caller heard"),
    heard(call),
    call.said.length > 0 && element("p", {}, `The caller said: “${call.said.join(" ")}”`),
    element("h3", {}, "Deflect's answers"),
    deflectAnswers(call),
    element("h3", {}, "The flows' paths"),
    ...call.runs.map((run) =>
      element(
        "div",
        {},
        element("p", {}, `${run.flow}: ${run.status}${run.end ? `, ended by ${run.end}` : ""}`),
        run.steps.length > 0 &&
          element("ol", { class: "path" }, ...run.steps.map((step) => element("li", {}, step))),
      ),
    ),
  );
}

/** Prompts are recorded once played, so the first one takes its time to appear. */
function heard(call: CallView): HTMLElement {
  if (call.heard.length === 0) {
    return element("p", { class: "muted" }, "The first prompt is still playing…");
  }
  const prompts = call.heard.map((prompt) =>
    element("li", {}, prompt.text, prompt.result === "played" ? "" : ` (${prompt.result})`),
  );
  return element("ol", {}, ...prompts);
}

function deflectAnswers(call: CallView): HTMLElement {
  if (call.deflect.length === 0) return element("p", { class: "muted" }, "Not asked yet.");
  const answers = call.deflect.map((d) => {
    const fields = Object.entries(d.answer).map(([key, value]) => `${key}=${value}`);
    return element("li", {}, `${d.action}: ${fields.join(", ")} (${d.elapsedMs.toFixed(1)} ms)`);
  });
  const last = call.deflect.at(-1);
  const sent = last?.answer.sent === "true";
  return element(
    "div",
    {},
    element("ul", { class: "deflect" }, ...answers),
    last?.action === "accept" &&
      element(
        "p",
        { class: sent ? "ok" : "error" },
        sent ? "The first message went out: see the customer's phone." : "Nothing was sent.",
      ),
  );
}
