import type { LineEmulator } from "../../emulators/line/index.ts";
import type { PhoneAttachment } from "../console-view.ts";
import {
  inbound,
  jsonBody,
  type MediaLinks,
  type PhonePlatform,
  sendTimes,
  ThreadBook,
} from "./phone-platform.ts";

/** A LINE webhook's events (developers.line.biz/en/reference/messaging-api/#webhook-event-objects). */
interface LineWebhook {
  readonly events?: readonly {
    readonly type?: string;
    readonly source?: { readonly userId?: string };
    readonly message?: { readonly id?: string; readonly text?: string };
    readonly webhookEventId?: string;
  }[];
}

/**
 * LINE through the Messaging API emulator: the account's pushes and replies (LINE answers
 * 200 even to a user who blocked the account, so "not delivered" comes from the emulator's
 * record) and the user's events: their messages, and adding the account as a friend. The
 * emulator's user writes text only.
 */
export function linePhone(line: LineEmulator): PhonePlatform {
  return {
    channels: ["line"],
    noFiles:
      "the LINE emulator's user writes text only (and the product reads only text from LINE)",
    threads(links) {
      const book = new ThreadBook();
      const sent = line.sent();
      const times = sendTimes(line.requests.list(), ["message.push", "message.reply"]);
      for (const [index, push] of sent.entries()) {
        // A send still being answered is not recorded as a request yet: it is happening now.
        const at = times[index] ?? line.clock.now();
        for (const [n, message] of push.messages.entries()) {
          book.add(
            { channel: "line", handle: push.to },
            {
              id: push.sentMessages[n]?.id ?? `${push.requestId}-${n}`,
              direction: "out",
              at,
              text: typeof message.text === "string" ? message.text : "",
              status: push.delivered ? "sent" : "not delivered: the user blocked the account",
              attachments: message.type === "text" ? [] : [attachment(message, links)],
            },
          );
        }
      }
      for (const delivery of line.webhooks.list()) {
        if (delivery.kind !== "message" && delivery.kind !== "follow") continue;
        for (const event of jsonBody<LineWebhook>(delivery)?.events ?? []) {
          const userId = event.source?.userId;
          if (!userId) continue;
          const friend = event.type === "follow";
          const id = event.message?.id ?? event.webhookEventId ?? String(delivery.id);
          const text = friend ? "(added the account as a friend)" : (event.message?.text ?? "");
          book.add({ channel: "line", handle: userId }, inbound(delivery, { id, text }));
        }
      }
      return book.threads();
    },
    async send({ handle, text }) {
      const result = await line.customerSends({ userId: handle, text });
      return { webhookStatus: result.delivery.status ?? null };
    },
  };
}

/** An image, video or file message: its kind, linked when its URL opens from the page. */
function attachment(
  message: Readonly<Record<string, unknown>>,
  links: MediaLinks,
): PhoneAttachment {
  const url = typeof message.originalContentUrl === "string" ? message.originalContentUrl : "";
  const href = url ? links(url) : undefined;
  return { contentType: String(message.type ?? "file"), ...(href ? { href } : {}) };
}
