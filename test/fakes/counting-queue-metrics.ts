import type { Clock } from "../../core/ports/clock.ts";
import type { QueueMetrics, WaitEstimate } from "../../core/ports/queue-metrics.ts";

/** A metrics source that answers from a table and counts every read, like an API bill. */
export class CountingQueueMetrics implements QueueMetrics {
  queueReads = 0;
  contactReads = 0;
  readonly waits = new Map<string, number>();
  constructor(
    private readonly clock: Clock,
    private readonly latencyMs = 5,
  ) {}

  async queueWait(options: { queue: { queueId: string } }): Promise<WaitEstimate> {
    this.queueReads++;
    await new Promise((done) => setTimeout(done, this.latencyMs));
    return {
      waitSeconds: this.waits.get(options.queue.queueId) ?? 0,
      source: "estimated-wait-time",
      observedAt: this.clock.now(),
    };
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
