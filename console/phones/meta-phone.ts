import type { MetaEmulator, MetaSentMessage } from "../../emulators/meta/index.ts";
import type { PhoneAttachment, PhoneMessage } from "../console-view.ts";
import {
  inbound,
  jsonBody,
  type MediaLinks,
  type PhoneFile,
  type PhonePlatform,
  ThreadBook,
  worstStatus,
} from "./phone-platform.ts";

/** A page webhook's events (protocols.md §6), as far as the phone reads them. */
interface PageWebhook {
  readonly entry?: readonly {
    readonly messaging?: readonly {
      readonly sender?: { readonly id?: string };
      readonly message?: {
        readonly mid?: string;
        readonly text?: string;
        readonly attachments?: readonly { type?: string; payload?: { url?: string } }[];
      };
      readonly delivery?: { readonly mids?: readonly string[] };
    }[];
  }[];
}

/**
 * Messenger through Meta's Graph emulator: what the page sent (the Send API's record, with
 * Meta's delivery events for its status and the HUMAN_AGENT tag outside the 24-hour window)
 * and what the customer sent (signed page webhooks). A customer's file is put on the
 * emulator's stand-in for Meta's CDN first, as a message event only carries its URL.
 */
export function metaPhone(meta: MetaEmulator): PhonePlatform {
  const events = (kind: string) =>
    meta.webhooks
      .list({ kind })
      .flatMap((delivery) =>
        (jsonBody<PageWebhook>(delivery)?.entry ?? []).flatMap((entry) =>
          (entry.messaging ?? []).map((event) => ({ delivery, event })),
        ),
      );
  return {
    channels: ["messenger"],
    threads(links) {
      const book = new ThreadBook();
      const delivered = new Set(
        events("delivery").flatMap(({ event }) => event.delivery?.mids ?? []),
      );
      for (const sent of meta.sent()) {
        if (!sent.message) continue; // A sender action (typing_on), not a message.
        book.add(
          { channel: "messenger", handle: sent.recipientId },
          outbound(sent, delivered, links),
        );
      }
      for (const { delivery, event } of events("message")) {
        const message = event.message;
        if (!message || !event.sender?.id) continue;
        const attachments = (message.attachments ?? []).map(({ type, payload }) =>
          attachment(type ?? "file", payload?.url, links),
        );
        const id = message.mid ?? String(delivery.id);
        book.add(
          { channel: "messenger", handle: event.sender.id },
          inbound(delivery, { id, text: message.text ?? "", attachments }),
        );
      }
      return book.threads();
    },
    async send({ handle, text, file }) {
      // A Messenger message is text or attachments, not both: a caption is a message of its own.
      const statuses: (number | undefined)[] = [];
      if (text.trim() !== "") {
        statuses.push((await meta.customerSends({ psid: handle, text })).delivery.status);
      }
      if (file) {
        const url = await onCdn(meta, file);
        const attachments = [{ type: kindOf(file.contentType), url }];
        statuses.push((await meta.customerSends({ psid: handle, attachments })).delivery.status);
      }
      return { webhookStatus: worstStatus(statuses) };
    },
  };
}

function outbound(
  sent: MetaSentMessage,
  delivered: ReadonlySet<string>,
  links: MediaLinks,
): PhoneMessage {
  const message = sent.message as {
    text?: unknown;
    attachment?: { type?: unknown; payload?: { url?: unknown } };
  };
  const file = message.attachment;
  return {
    id: sent.messageId ?? `${sent.recipientId}-${sent.at}`,
    direction: "out",
    at: sent.at,
    text: typeof message.text === "string" ? message.text : "",
    ...(sent.tag ? { badge: `${sent.tag} tag` } : {}),
    status: sent.messageId && delivered.has(sent.messageId) ? "delivered" : "sent",
    attachments: file
      ? [attachment(String(file.type ?? "file"), String(file.payload?.url ?? ""), links)]
      : [],
  };
}

function attachment(kind: string, url: string | undefined, links: MediaLinks): PhoneAttachment {
  const href = url ? links(url) : undefined;
  return { contentType: kind, ...(href ? { href } : {}) };
}

/** Messenger's attachment kinds (developers.facebook.com/docs/messenger-platform/send-messages). */
function kindOf(contentType: string): string {
  const major = contentType.split("/")[0] ?? "";
  return ["image", "video", "audio"].includes(major) ? major : "file";
}

/** Stores the file at the emulator's stand-in for Meta's CDN; answers its public URL. */
async function onCdn(meta: MetaEmulator, file: PhoneFile): Promise<string> {
  const stored = await fetch(`${meta.url}/__emulator/attachments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      contentType: file.contentType,
      base64: file.base64,
      // The URL's last segment names the file; the CDN takes plain names only.
      ...(file.fileName ? { fileName: file.fileName.replace(/[^\w. -]/g, "_").slice(-100) } : {}),
    }),
  });
  const answer = (await stored.json()) as { url?: string; error?: string };
  if (!stored.ok || !answer.url)
    throw new Error(`Meta refused the file: ${answer.error ?? stored.status}`);
  return answer.url;
}
