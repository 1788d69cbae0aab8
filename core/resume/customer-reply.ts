import type { CustomerAddress } from "../channel.ts";

/** One customer message to route into Connect, as the webhook function recorded it. */
export interface CustomerReply {
  readonly provider: string;
  readonly providerMessageId: string;
  readonly from: CustomerAddress;
  readonly text: string;
  readonly mediaCount: number;
  readonly profileName?: string;
}
