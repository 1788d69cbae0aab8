import type { ContactChannel, ContactRef, QueueRef } from "../contact.ts";

/** Where a wait estimate came from, best first. */
export type WaitEstimateSource = "estimated-wait-time" | "contact-estimate" | "queue-model";

/** How long a new (or a given) contact can expect to wait before an agent answers. */
export interface WaitEstimate {
  readonly waitSeconds: number;
  readonly source: WaitEstimateSource;
  /** When the underlying metrics were observed (they may be a few seconds old). */
  readonly observedAt: Date;
  readonly contactsInQueue?: number;
  readonly agentsAvailable?: number;
}

/** Live queue metrics, read within the account's metric API rate limits. */
export interface QueueMetrics {
  /** The expected wait for a contact joining this queue on this channel now. */
  queueWait(options: { queue: QueueRef; channel: ContactChannel }): Promise<WaitEstimate>;

  /** The expected remaining wait of a contact already in a queue (customer queue flows). */
  contactWait(options: { contact: ContactRef; queue: QueueRef }): Promise<WaitEstimate>;
}
