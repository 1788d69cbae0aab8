import type { CustomerAddress } from "../../core/channel.ts";
import type { DeliveryStatusUpdate } from "../../core/ports/messenger-channel.ts";

/** A status update that also names the customer it went to (the PSID). */
export type MetaStatusUpdate = DeliveryStatusUpdate & { readonly recipient: CustomerAddress };

interface DeliveryEvent {
  readonly sender: { readonly id: string };
  readonly delivery?: { readonly mids?: readonly string[] | undefined } | undefined;
}

/**
 * A `delivery` event lists the mids the customer's device received (sender = the customer).
 * `read` events carry only a watermark, no mids, so they cannot name a message; skipped.
 */
export function parseMetaDelivery(event: DeliveryEvent, at: Date): MetaStatusUpdate[] {
  const mids = event.delivery?.mids ?? [];
  const recipient: CustomerAddress = { channel: "messenger", handle: event.sender.id };
  return mids.map((mid) => ({
    channel: "messenger",
    provider: "meta",
    providerMessageId: mid,
    state: "delivered",
    at,
    recipient,
  }));
}
