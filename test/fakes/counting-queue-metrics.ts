import type { ContactChannel } from "../../core/contact.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type { QueueMetrics, WaitEstimate } from "../../core/ports/queue-metrics.ts";

/**
 * A metrics source that answers from a table and counts every request, like an API bill:
 * a batch of queues is one request, as GetCurrentMetricData reads up to 100 queues at once.
 */
export class CountingQueueMetrics implements QueueMetrics {
  /** Queue estimates read, summed over all requests. */
  queueReads = 0;
  /** The queue ids of each queue request as asked (duplicates kept), in order. */
  readonly queueRequests: string[][] = [];
  contactReads = 0;
  /** Seconds of wait by queue id or contact id; unknown ids wait 0 s. */
  readonly waits = new Map<string, number>();
  /** When set, every queue request fails with this error (after its latency). */
  failure: Error | undefined;
  constructor(
    private readonly clock: Clock,
    private readonly latencyMs = 5,
  ) {}

  /** How many queue requests were made. */
  get requests(): number {
    return this.queueRequests.length;
  }

  async queueWait(options: {
    queue: { instanceId: string; queueId: string };
    channel: ContactChannel;
  }): Promise<WaitEstimate> {
    const { instanceId, queueId } = options.queue;
    const estimates = await this.queueWaits({
      instanceId,
      queueIds: [queueId],
      channel: options.channel,
    });
    return estimates.get(queueId) as WaitEstimate;
  }

  async queueWaits(options: {
    instanceId: string;
    queueIds: readonly string[];
    channel: ContactChannel;
  }): Promise<ReadonlyMap<string, WaitEstimate>> {
    const queueIds = [...options.queueIds];
    this.queueRequests.push(queueIds);
    this.queueReads += queueIds.length;
    await new Promise((done) => setTimeout(done, this.latencyMs));
    if (this.failure) throw this.failure;
    const observedAt = this.clock.now();
    return new Map<string, WaitEstimate>(
      queueIds.map((queueId) => [
        queueId,
        { waitSeconds: this.waits.get(queueId) ?? 0, source: "estimated-wait-time", observedAt },
      ]),
    );
  }

  async contactWait(options: { contact: { contactId: string } }): Promise<WaitEstimate> {
    this.contactReads++;
    return {
      waitSeconds: this.waits.get(options.contact.contactId) ?? 0,
      source: "contact-estimate",
      observedAt: this.clock.now(),
    };
  }
}
