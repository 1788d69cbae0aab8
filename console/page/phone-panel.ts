/// <reference lib="dom" />
import type { PhoneMessage, PhoneThread } from "../console-view.ts";
import { callApi } from "./console-api.ts";
import { announce, element, replaceContent, say, time } from "./element.ts";

/**
 * The Customer's phone: one conversation as a messenger shows it (the business on the left,
 * the customer on the right), and a reply box that writes through the platform emulator, so
 * the webhook function receives a signed request as in production.
 */
export function setUpPhone(firstCustomer: string): {
  render: (threads: readonly PhoneThread[]) => void;
  show: (customer: string) => void;
} {
  const select = document.querySelector<HTMLSelectElement>("#phone-thread");
  const list = document.querySelector<HTMLElement>("#phone-messages");
  const form = document.querySelector<HTMLFormElement>("#phone-form");
  const status = document.querySelector<HTMLElement>("#phone-status");
  if (!select || !list || !form || !status) throw new Error("the phone panel is missing");
  let threads: readonly PhoneThread[] = [];
  let chosen = firstCustomer;
  let lastSeen: string | undefined;
  const draw = () => {
    const customers = [...new Set([chosen, ...threads.map((t) => t.customer)])];
    select.replaceChildren(
      ...customers.map((customer) =>
        element("option", { value: customer, selected: customer === chosen }, customer),
      ),
    );
    const thread = threads.find((t) => t.customer === chosen);
    const last = thread?.messages.at(-1);
    if (last && last.id !== lastSeen && last.direction === "out") {
      announce(`New on the customer's phone: ${last.text}`);
    }
    lastSeen = last?.id;
    replaceContent(
      list,
      thread && thread.messages.length > 0
        ? thread.messages.map(bubble)
        : [element("li", { class: "muted" }, "Nothing on this phone yet.")],
    );
    list.scrollTop = list.scrollHeight;
  };
  select.addEventListener("change", () => {
    chosen = select.value;
    draw();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void sendReply({ form, status, customer: chosen });
  });
  return {
    render(next) {
      threads = next;
      draw();
    },
    show(customer) {
      chosen = customer;
      draw();
    },
  };
}

/** Writes as the customer: the emulator signs the webhook and delivers it to the function. */
async function sendReply(options: {
  form: HTMLFormElement;
  status: HTMLElement;
  customer: string;
}): Promise<void> {
  const { form, status, customer } = options;
  const text = String(new FormData(form).get("text") ?? "");
  const file = form.querySelector<HTMLInputElement>("#phone-file")?.files?.[0];
  say(status, "Sending…");
  const attached = file
    ? { file: { contentType: file.type || "application/octet-stream", base64: await base64(file) } }
    : {};
  const answer = await callApi<{ webhookStatus?: number | null }>("/api/customer-sends", {
    customer,
    text,
    ...attached,
  });
  if (!answer.ok) {
    say(status, `Not sent: ${answer.json.error ?? answer.status}`, true);
    return;
  }
  const webhook = answer.json.webhookStatus;
  say(status, `Sent; the webhook function answered ${webhook ?? "nothing"}.`, webhook !== 200);
  form.reset();
}

function bubble(message: PhoneMessage): HTMLElement {
  const mine = message.direction === "in";
  return element(
    "li",
    { class: `bubble ${mine ? "mine" : "theirs"}` },
    message.template && element("span", { class: "badge" }, "template"),
    message.text,
    ...message.attachments.map((file) =>
      element(
        "span",
        { class: "attachment" },
        " ",
        file.href
          ? element(
              "a",
              { href: file.href, target: "_blank", rel: "noopener" },
              `📎 ${file.contentType}`,
            )
          : `📎 ${file.contentType}`,
      ),
    ),
    element(
      "small",
      { class: message.error ? "error" : "" },
      `${mine ? "you" : "business"} · ${time(message.at)} · ${message.status}`,
      message.error ? ` · ${message.error}` : "",
    ),
  );
}

async function base64(file: File): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
  return url.slice(url.indexOf(",") + 1);
}
