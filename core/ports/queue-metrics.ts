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

  /**
   * The expected wait for a contact joining each of several queues of one instance on one
   * channel, read together so that many queues cost as few metric API requests as possible.
   *
   * @param options.instanceId the instance all the queues belong to
   * @param options.queueIds queue ids (not ARNs); duplicates are read once
   * @param options.channel the channel every estimate is for
   * @returns an entry for every requested queue id
   * @throws DependencyFailedError when the metrics cannot be read (for a cached
   *   implementation: when some queue has no estimate recent enough to serve)
   */
  queueWaits(options: {
    instanceId: string;
    queueIds: readonly string[];
    channel: ContactChannel;
  }): Promise<ReadonlyMap<string, WaitEstimate>>;

  /** The expected remaining wait of a contact already in a queue (customer queue flows). */
  contactWait(options: { contact: ContactRef; queue: QueueRef }): Promise<WaitEstimate>;
}
