import type { CustomerAddress } from "../channel.ts";
import type { InboundMedia } from "../ports/messenger-channel.ts";

/** One customer message to route into Connect, as the webhook function recorded it. */
export interface CustomerReply {
  readonly provider: string;
  readonly providerMessageId: string;
  readonly from: CustomerAddress;
  readonly text: string;
  /** How many attachments the message carried, readable or not. */
  readonly mediaCount: number;
  /** The attachments the channel gave a URL for, in the message's order. */
  readonly media?: readonly InboundMedia[];
  readonly profileName?: string;
}
