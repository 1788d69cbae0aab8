import type { CustomerAddress } from "../channel.ts";

/** Short service messages to a customer in their own channel, outside any chat. */
export interface CustomerNotices {
  /** Sends `text` to `to`; `reference` is our id for it. Throws when the platform refuses. */
  tell(options: { to: CustomerAddress; text: string; reference: string }): Promise<void>;
}
