/// <reference lib="dom" />
import type { PolicyEditAnswer, PolicyView } from "../console-view.ts";
import { callApi } from "./console-api.ts";
import { element, say } from "./element.ts";

/** The fields, named as `thresholds set` names its flags, and the request's key for each. */
const FIELDS = [
  { name: "mode", label: "Mode", body: "mode" },
  { name: "on", label: "Offer once the wait reaches (s)", body: "on" },
  { name: "off", label: "Stop below a wait of (s)", body: "off" },
  { name: "max-share", label: "Largest share of calls to offer", body: "maxShare" },
] as const;

type Field = (typeof FIELDS)[number]["name"];

/**
 * One queue's policy editor. The server validates with the CLI's code and answers refusals
 * by field; each shows next to its field (aria-describedby) and the first one gets focus.
 */
export class PolicyForm {
  readonly form: HTMLFormElement;
  readonly #path: string;
  readonly #inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  readonly #errors = new Map<string, HTMLElement>();
  readonly #status = element("p", { class: "status", role: "status" });
  readonly #save = element("button", { type: "submit" }, "Save");
  readonly #shadow = element("button", { type: "button", class: "secondary" }, "Shadow mode");
  readonly #readOnly: HTMLElement;
  /** The person changed a field and has not saved: updates from the server leave it alone. */
  #dirty = false;

  constructor(queue: { queueId: string; name: string }) {
    this.#path = `/api/policies/${encodeURIComponent(queue.queueId)}`;
    // Element ids from the queue's name: Connect names may hold spaces and punctuation.
    const prefix = queue.name.toLowerCase().replace(/[^a-z0-9_-]+/g, "-");
    const rows = FIELDS.map(({ name, label }) => this.#row(`${prefix}-${name}`, name, label));
    this.#errors.set("form", element("p", { class: "error", id: `${prefix}-form-error` }));
    this.#readOnly = element("p", { class: "note", id: `${prefix}-read-only`, hidden: true });
    this.form = element(
      "form",
      { "aria-label": `${queue.name} policy` },
      this.#readOnly,
      element("div", { class: "field-row" }, ...rows),
      this.#errors.get("form"),
      this.#save,
      " ",
      this.#shadow,
      this.#status,
    );
    this.form.addEventListener("input", () => {
      this.#dirty = true;
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = (name: string) => this.#inputs.get(name)?.value.trim() ?? "";
      void this.#send(Object.fromEntries(FIELDS.map((f) => [f.body, value(f.name)])));
    });
    // As `thresholds shadow` (and its `--off`) does: only the mode changes.
    this.#shadow.addEventListener("click", () => {
      const on = this.#shadow.getAttribute("aria-pressed") === "true";
      void this.#send({ mode: on ? "live" : "shadow" });
    });
  }

  /** The stored policy changed (or arrived): the shadow switch follows, the fields unless edited. */
  show(policy: PolicyView): void {
    const shadow = policy.mode === "shadow";
    this.#shadow.setAttribute("aria-pressed", String(shadow));
    this.#shadow.textContent = shadow
      ? "Shadow mode is on: switch to live"
      : "Switch to shadow mode";
    if (this.#dirty) return;
    const values: Record<Field, string> = {
      mode: policy.mode,
      on: String(policy.onWaitSeconds),
      off: String(policy.offWaitSeconds),
      "max-share": String(policy.maxOfferShare),
    };
    for (const [name, value] of Object.entries(values)) {
      const input = this.#inputs.get(name);
      if (input) input.value = value;
    }
  }

  /** Read-only (`npm run ops -- console` without --write): every control off, and why. */
  setReadOnly(reason: string | undefined): void {
    for (const control of this.form.elements) {
      (control as HTMLInputElement).disabled = reason !== undefined;
    }
    this.#readOnly.hidden = reason === undefined;
    this.#readOnly.textContent = reason === undefined ? "" : `Read-only: ${reason}.`;
    if (reason === undefined) this.form.removeAttribute("aria-describedby");
    else this.form.setAttribute("aria-describedby", this.#readOnly.id);
  }

  #row(id: string, name: Field, label: string): HTMLElement {
    const input = fieldInput(id, name);
    input.setAttribute("aria-describedby", `${id}-error`);
    const error = element("span", { id: `${id}-error`, class: "error" });
    this.#inputs.set(name, input);
    this.#errors.set(name, error);
    return element("div", {}, element("label", { for: id }, label), input, error);
  }

  async #send(body: Record<string, string>): Promise<void> {
    for (const [name, node] of this.#errors) {
      node.textContent = "";
      this.#inputs.get(name)?.removeAttribute("aria-invalid");
    }
    const answer = await callApi<PolicyEditAnswer>(this.#path, body, "PUT");
    const refused =
      answer.json.errors ??
      (answer.ok ? undefined : { form: answer.json.error ?? String(answer.status) });
    if (refused) {
      this.#refuse(refused);
      return;
    }
    this.#dirty = false;
    const changes = answer.json.changes ?? [];
    say(
      this.#status,
      changes.length === 0 ? "No change; nothing written." : `Saved: ${changes.join("; ")}`,
    );
  }

  #refuse(errors: Readonly<Record<string, string>>): void {
    for (const [name, message] of Object.entries(errors)) {
      (this.#errors.get(name) ?? this.#errors.get("form"))?.append(message);
      this.#inputs.get(name)?.setAttribute("aria-invalid", "true");
    }
    say(this.#status, "Not saved: nothing was written.", true);
    const first = Object.keys(errors).find((name) => this.#inputs.has(name));
    (first ? this.#inputs.get(first) : this.#save)?.focus();
  }
}

/** Text inputs, not number inputs: the server's validation, not the browser's, judges a value. */
function fieldInput(id: string, name: Field): HTMLInputElement | HTMLSelectElement {
  if (name === "mode") {
    const modes = ["live", "shadow", "off"].map((m) => element("option", { value: m }, m));
    return element("select", { id, name }, ...modes);
  }
  return element("input", { id, name, type: "text", inputmode: "decimal", autocomplete: "off" });
}
