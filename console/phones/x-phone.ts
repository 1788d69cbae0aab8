import type { XEmulator } from "../../emulators/x/index.ts";
import { inbound, jsonBody, type PhonePlatform, ThreadBook } from "./phone-platform.ts";

/** An Account Activity webhook's DM events (protocols.md §7.1), as far as the phone reads them. */
interface ActivityWebhook {
  readonly direct_message_events?: readonly {
    readonly id?: string;
    readonly message_create?: {
      readonly sender_id?: string;
      readonly message_data?: { readonly text?: string };
    };
  }[];
}

/**
 * X direct messages through the X emulator: the DMs the account sent (`sent`; X reports no
 * delivery for a DM, so each stays "sent") and the customer's DMs (signed Account Activity
 * webhooks). The emulator's customer writes text only.
 */
export function xPhone(x: XEmulator): PhonePlatform {
  const business = x.credentials.userId;
  return {
    channels: ["x"],
    noFiles: "the X emulator's customer writes text only",
    threads() {
      const book = new ThreadBook();
      for (const event of x.sent()) {
        const handle = event.dm_conversation_id.split("-").find((id) => id !== business) ?? "";
        book.add(
          { channel: "x", handle },
          {
            id: event.id,
            direction: "out",
            at: Date.parse(event.created_at),
            text: event.text,
            status: "sent",
            attachments: (event.attachments?.media_keys ?? []).map(() => ({
              contentType: "media",
            })),
          },
        );
      }
      for (const delivery of x.webhooks.list({ kind: "message" })) {
        for (const event of jsonBody<ActivityWebhook>(delivery)?.direct_message_events ?? []) {
          const sender = event.message_create?.sender_id;
          if (!sender || sender === business) continue;
          const text = event.message_create?.message_data?.text ?? "";
          book.add(
            { channel: "x", handle: sender },
            inbound(delivery, { id: event.id ?? String(delivery.id), text }),
          );
        }
      }
      return book.threads();
    },
    async send({ handle, text }) {
      const result = await x.customerSends({ senderId: handle, text });
      return { webhookStatus: result.delivery.status ?? null };
    },
  };
}
