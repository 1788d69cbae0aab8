/// <reference lib="dom" />
import {
  CHANNEL_NAMES,
  type PhoneChannel,
  type PhoneMessage,
  type PhonesView,
} from "../console-view.ts";
import { callApi } from "./console-api.ts";
import { announce, element, replaceContent, say, time } from "./element.ts";

/** What each messenger shows about its conversations, under the conversation's name. */
const APP_NOTES: Readonly<Record<PhoneChannel, string>> = {
  whatsapp: "WhatsApp through Twilio: a template first; statuses sent, delivered, read.",
  sms: "SMS through Twilio: plain text; statuses from Twilio's callbacks.",
  messenger: "Messenger through Meta: delivered once Meta's delivery event arrives.",
  x: "X direct messages: X reports no delivery, so a DM stays sent.",
  telegram: "Telegram bot: the Bot API has no delivery receipts.",
  line: "LINE official account: pushes to a friend; no delivery receipts.",
};

/** How a platform names its handle, before it. */
const HANDLE_NAMES: Readonly<Record<PhoneChannel, string>> = {
  whatsapp: "",
  sms: "",
  messenger: "PSID ",
  x: "user ",
  telegram: "user ",
  line: "",
};

/**
 * The Customer's phone: one conversation on the customer's channel as a messenger shows it
 * (the business on the left, the customer on the right), chosen among every conversation the
 * platforms' emulators hold, and a reply box that writes through that platform's emulator, so
 * the webhook function receives a signed request as in production.
 */
export function setUpPhone(firstKey: string): {
  render: (phones: PhonesView) => void;
  show: (key: string) => void;
} {
  const select = document.querySelector<HTMLSelectElement>("#phone-thread");
  const app = document.querySelector<HTMLElement>("#phone-app");
  const list = document.querySelector<HTMLElement>("#phone-messages");
  const form = document.querySelector<HTMLFormElement>("#phone-form");
  const file = document.querySelector<HTMLInputElement>("#phone-file");
  const fileNote = document.querySelector<HTMLElement>("#phone-file-note");
  const status = document.querySelector<HTMLElement>("#phone-status");
  if (!select || !app || !list || !form || !file || !fileNote || !status) {
    throw new Error("the phone panel is missing");
  }
  let phones: PhonesView = { threads: [], noFiles: {} };
  let chosen = firstKey;
  let lastSeen: string | undefined;
  const draw = () => {
    const keys = [...new Set([chosen, ...phones.threads.map((t) => t.key)])];
    select.replaceChildren(
      ...keys.map((key) => element("option", { value: key, selected: key === chosen }, title(key))),
    );
    const { channel } = parseKey(chosen);
    app.textContent = APP_NOTES[channel];
    list.dataset.channel = channel;
    const noFiles = phones.noFiles[channel];
    file.disabled = noFiles !== undefined;
    fileNote.textContent = noFiles ? `No file on ${CHANNEL_NAMES[channel]} here: ${noFiles}.` : "";
    const thread = phones.threads.find((t) => t.key === chosen);
    const last = thread?.messages.at(-1);
    if (last && last.id !== lastSeen && last.direction === "out") {
      announce(`New on the customer's ${CHANNEL_NAMES[channel]}: ${last.text}`);
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
    void sendReply({ form, status, key: chosen });
  });
  // Ctrl+Enter (⌘+Enter) sends, as messengers do; Enter alone starts a new line.
  form.querySelector("textarea")?.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
  return {
    render(next) {
      phones = next;
      draw();
    },
    show(key) {
      chosen = key;
      draw();
    },
  };
}

/** `telegram#447911000042` → channel and handle (a handle never holds the channel's `#`). */
function parseKey(key: string): { channel: PhoneChannel; handle: string } {
  const at = key.indexOf("#");
  const channel = key.slice(0, at);
  return {
    channel: channel in CHANNEL_NAMES ? (channel as PhoneChannel) : "whatsapp",
    handle: key.slice(at + 1),
  };
}

function title(key: string): string {
  const { channel, handle } = parseKey(key);
  return `${CHANNEL_NAMES[channel]} · ${HANDLE_NAMES[channel]}${handle}`;
}

/** Writes as the customer: the platform's emulator signs the webhook and delivers it. */
async function sendReply(options: {
  form: HTMLFormElement;
  status: HTMLElement;
  key: string;
}): Promise<void> {
  const { form, status, key } = options;
  const text = String(new FormData(form).get("text") ?? "");
  const input = form.querySelector<HTMLInputElement>("#phone-file");
  const file = input && !input.disabled ? input.files?.[0] : undefined;
  say(status, "Sending…");
  const attached = file
    ? {
        file: {
          contentType: file.type || "application/octet-stream",
          base64: await base64(file),
          fileName: file.name,
        },
      }
    : {};
  const answer = await callApi<{ webhookStatus?: number | null }>("/api/customer-sends", {
    ...parseKey(key),
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
    message.badge && element("span", { class: "badge" }, message.badge),
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
