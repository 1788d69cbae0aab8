import { createHash } from "node:crypto";
import { DynamoCustomerDirectory } from "../adapters/dynamodb/dynamo-customer-directory.ts";
import { type ChannelKind, type CustomerAddress, PHONE_KEYED_CHANNELS } from "../core/channel.ts";
import type { LocalWorld } from "./local-world.ts";

/**
 * The sandbox's customer on a channel not keyed by their number: a handle derived from the
 * number, so one caller is one person on every platform and a page can show it again. Each
 * has the platform's own shape (a PSID, an X user id, a Telegram user id, a LINE user id).
 */
export function sandboxHandle(channel: ChannelKind, number: string): string {
  const digits = number.replace(/\D/g, "");
  switch (channel) {
    case "sms":
    case "whatsapp":
      return number;
    case "messenger":
      return `2${digits.padStart(15, "0")}`;
    case "x":
      return `1${digits.padStart(15, "0")}`;
    case "telegram":
      // A user id fits in 52 bits (core.telegram.org/bots/api#user); 15 digits do.
      return String(Number(digits.slice(-15)));
    case "line":
      return `U${createHash("sha256").update(number).digest("hex").slice(0, 32)}`;
  }
}

/**
 * Makes the caller someone the business can reach on `channel`, as a CRM import and the
 * customer's own earlier contact would: the directory prefers that channel (with its handle),
 * and where the platform only lets a business write to someone who wrote first, they did:
 * a Messenger conversation opened today, a Telegram bot started (`/start`, which the webhook
 * function records and resume drops, as no deflection exists yet), a LINE friend added.
 */
export async function reachCustomerOn(
  world: LocalWorld,
  options: { number: string; channel: ChannelKind },
): Promise<CustomerAddress> {
  const { number, channel } = options;
  const handle = sandboxHandle(channel, number);
  const phoneKeyed = PHONE_KEYED_CHANNELS.has(channel);
  await new DynamoCustomerDirectory(world.table).setPreference({
    customerKey: number,
    preferredChannel: channel,
    ...(phoneKeyed ? {} : { handle }),
  });
  const { meta, telegram, line } = world.platforms;
  if (channel === "messenger") meta.userWrote(handle);
  if (channel === "telegram" && !senders(telegram.webhooks.list(), telegramSender).has(handle)) {
    await telegram.customerSends({ userId: Number(handle), text: "/start" });
  }
  if (channel === "line" && !senders(line.webhooks.list(), lineSender).has(handle)) {
    const followed = await fetch(`${line.url}/__emulator/follows`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId: handle }),
    });
    if (!followed.ok) throw new Error(`LINE refused the follow: ${await followed.text()}`);
  }
  return { channel, handle };
}

/** Who the platform's webhooks so far came from. */
function senders(
  deliveries: readonly { kind: string; body: string }[],
  senderOf: (body: unknown) => readonly unknown[],
): Set<string> {
  return new Set(
    deliveries
      .filter((delivery) => delivery.kind === "message" || delivery.kind === "follow")
      .flatMap((delivery) => senderOf(JSON.parse(delivery.body)).map(String)),
  );
}

const telegramSender = (body: unknown) => [(body as TelegramUpdate).message?.from?.id];
const lineSender = (body: unknown) =>
  ((body as LineBody).events ?? []).map((event) => event.source?.userId);

interface TelegramUpdate {
  readonly message?: { readonly from?: { readonly id?: number } };
}
interface LineBody {
  readonly events?: readonly { readonly source?: { readonly userId?: string } }[];
}
