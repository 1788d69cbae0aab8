import type { WaitEstimate } from "./queue-metrics.ts";

/**
 * Wait estimates shared by every instance of the deflect function, with a refresh lease so
 * that only one instance at a time reads the metrics API for a queue.
 */
export interface MetricSnapshotStore {
  /** The last estimate any instance stored under `key`, however old. */
  read(key: string): Promise<WaitEstimate | undefined>;

  /**
   * Takes the refresh lease for `key` for `leaseMs` if nobody holds it. True means this
   * caller should read the API and write the result.
   */
  tryLease(options: { key: string; holder: string; leaseMs: number }): Promise<boolean>;

  write(options: { key: string; estimate: WaitEstimate }): Promise<void>;
}
