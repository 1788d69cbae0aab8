import type { Clock } from "../../core/ports/clock.ts";
import type { MetricSnapshotStore } from "../../core/ports/metric-snapshot-store.ts";
import type { WaitEstimate } from "../../core/ports/queue-metrics.ts";

/** A MetricSnapshotStore in memory, with the same lease rule as the DynamoDB one. */
export class InMemoryMetricSnapshotStore implements MetricSnapshotStore {
  readonly #estimates = new Map<string, WaitEstimate>();
  readonly #leases = new Map<string, number>();
  constructor(private readonly clock: Clock) {}

  async read(key: string) {
    return this.#estimates.get(key);
  }

  async tryLease(options: { key: string; holder: string; leaseMs: number }) {
    const now = this.clock.now().getTime();
    if ((this.#leases.get(options.key) ?? 0) > now) return false;
    this.#leases.set(options.key, now + options.leaseMs);
    return true;
  }

  async write(options: { key: string; estimate: WaitEstimate }) {
    this.#estimates.set(options.key, options.estimate);
  }
}
