import type { ChannelKind } from "../channel.ts";

export type ConsentStatus = "opted-in" | "opted-out";

/** One consent change, kept forever as the audit trail. */
export interface ConsentRecord {
  readonly channel: ChannelKind;
  readonly status: ConsentStatus;
  readonly at: string;
  /** Where the change came from: "keyword:STOP", "ivr", "agent", "import", ... */
  readonly source: string;
  /** What the customer actually sent or chose, if anything. */
  readonly evidence?: string;
}

/** What the product knows about a customer, keyed by E.164 number or channel handle. */
export interface CustomerProfile {
  readonly customerKey: string;
  readonly preferredChannel?: ChannelKind;
  /** The handle per channel, for channels not keyed by the phone number. */
  readonly handles: Readonly<Partial<Record<ChannelKind, string>>>;
  /** The current consent per channel; absent means never asked. */
  readonly consent: Readonly<Partial<Record<ChannelKind, ConsentStatus>>>;
  readonly version: number;
}

/** Customers' preferences and consent, with an append-only audit trail of consent changes. */
export interface CustomerDirectory {
  /** The profile, or undefined for a customer we have never seen. */
  getCustomer(customerKey: string): Promise<CustomerProfile | undefined>;

  /** Sets the preferred channel and, optionally, the handle for it. */
  setPreference(options: {
    customerKey: string;
    preferredChannel: ChannelKind;
    handle?: string;
  }): Promise<CustomerProfile>;

  /** Applies a consent change and appends it to the audit trail in one atomic write. */
  recordConsent(options: { customerKey: string; record: ConsentRecord }): Promise<CustomerProfile>;

  /** The consent audit trail, oldest first. */
  consentHistory(customerKey: string): Promise<readonly ConsentRecord[]>;
}
