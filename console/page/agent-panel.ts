/// <reference lib="dom" />
import type { AgentChat, AgentDeskView, AgentGuide, ChatLine } from "../console-view.ts";
import { callApi } from "./console-api.ts";
import { announce, element, replaceContent, say, time } from "./element.ts";

/** The Agent panel: deflected chats offered to the console's agent, worked from the page. */
export class AgentPanel {
  readonly #chats: HTMLElement;
  readonly #status: HTMLElement;
  readonly #scripted: HTMLInputElement;
  /** Reply boxes outlive updates, so text being typed survives a new message arriving. */
  readonly #replies = new Map<string, HTMLFormElement>();
  readonly #announced = new Set<string>();

  constructor() {
    const chats = document.querySelector<HTMLElement>("#agent-chats");
    const status = document.querySelector<HTMLElement>("#agent-status");
    const scripted = document.querySelector<HTMLInputElement>("#agent-scripted");
    if (!chats || !status || !scripted) throw new Error("the Agent panel is missing");
    this.#chats = chats;
    this.#status = status;
    this.#scripted = scripted;
    scripted.addEventListener("change", () => {
      const on = scripted.checked;
      const done = on
        ? "Scripted agents auto-answer chats too."
        : "Scripted agents are off: chats wait for you.";
      void this.#act("scripted", { on }, done);
    });
  }

  render(desk: AgentDeskView): void {
    this.#scripted.checked = desk.scriptedAgents;
    for (const chat of desk.chats.filter((c) => c.mine && c.state === "CONNECTING")) {
      if (this.#announced.has(chat.contactId)) continue;
      this.#announced.add(chat.contactId);
      announce(`A chat from ${chat.attributes.deflectHandle ?? "a customer"} is offered to you.`);
    }
    replaceContent(
      this.#chats,
      desk.chats.length === 0
        ? [element("p", { class: "muted" }, "No chats yet: a customer's reply opens one.")]
        : desk.chats.map((chat) => this.#card(chat)),
    );
  }

  #card(chat: AgentChat): HTMLElement {
    const offered = chat.mine && chat.state === "CONNECTING";
    const talking = chat.mine && chat.state === "CONNECTED";
    const who = chat.attributes.deflectHandle ?? "a customer";
    return element(
      "article",
      { "aria-label": `Chat ${chat.contactId}` },
      element("h3", {}, `Chat from ${who} · ${stateText(chat)}`),
      offered && this.#button(chat.contactId, "accept", "Accept"),
      ...chat.guides.map(guide),
      chat.guides.length === 0 && contextOf(chat),
      element("ol", { class: "thread" }, ...chat.transcript.map(line)),
      talking && this.#replyForm(chat.contactId),
      talking && this.#button(chat.contactId, "end", "End the chat"),
    );
  }

  #button(contactId: string, action: "accept" | "end", label: string): HTMLButtonElement {
    const node = element("button", { type: "button", "data-key": `${action}-${contactId}` }, label);
    const done = action === "accept" ? "Accepted: you are in the chat." : "Ended.";
    node.addEventListener("click", () => void this.#act(action, { contactId }, done));
    return node;
  }

  #replyForm(contactId: string): HTMLFormElement {
    const existing = this.#replies.get(contactId);
    if (existing) return existing;
    const id = `reply-${contactId}`;
    const text = element("textarea", { id, name: "text", rows: "2", "data-key": id });
    const form = element(
      "form",
      { class: "reply" },
      element("label", { for: id }, "Your reply"),
      text,
      element("button", { type: "submit", "data-key": `send-${contactId}` }, "Send"),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const sent = await this.#act("send", { contactId, text: text.value }, "Sent to the chat.");
      if (sent) text.value = "";
    });
    this.#replies.set(contactId, form);
    return form;
  }

  async #act(action: string, body: Record<string, unknown>, done: string): Promise<boolean> {
    const answer = await callApi(`/api/agent/${action}`, body);
    const refusal = `Refused: ${answer.json.error ?? answer.status}`;
    say(this.#status, answer.ok ? done : refusal, !answer.ok);
    return answer.ok;
  }
}

function stateText(chat: AgentChat): string {
  if (chat.state === "CONNECTING") return chat.mine ? "offered to you" : `offered to ${chat.agent}`;
  if (chat.state === "CONNECTED") return chat.mine ? "with you" : `with ${chat.agent}`;
  if (chat.state === "QUEUED") return "waiting for an agent";
  return chat.state.toLowerCase().replaceAll("_", " ");
}

/** The call's context as the agent's workspace shows it: the guide the flow opened. */
function guide(view: AgentGuide): HTMLElement {
  const bar = view.bar.flatMap((e) => [element("dt", {}, e.label), element("dd", {}, e.value)]);
  return element(
    "div",
    { class: "guide", role: "region", "aria-label": "Call context" },
    element("strong", {}, view.heading),
    element("dl", {}, ...bar),
    ...view.sections.map((section) => element("p", {}, section)),
  );
}

/** Before the guide opens, the chat's attributes carry the same context. */
function contextOf(chat: AgentChat): HTMLElement | false {
  const context = chat.attributes.deflectContext;
  return context !== undefined && element("div", { class: "guide" }, context);
}

function line(item: ChatLine): HTMLElement {
  // The agent's own view: the customer on the left, the agent on the right, Connect between.
  const side = item.role === "CUSTOMER" ? "theirs" : item.role === "AGENT" ? "mine" : "system";
  const name = item.name && item.name.toLowerCase() !== item.role.toLowerCase() ? item.name : "";
  return element(
    "li",
    { class: `bubble ${side}` },
    item.text,
    ...item.attachments.map((file) => element("span", { class: "attachment" }, ` 📎 ${file}`)),
    element("small", {}, `${item.role.toLowerCase()} ${name} · ${time(item.at)}`),
  );
}
