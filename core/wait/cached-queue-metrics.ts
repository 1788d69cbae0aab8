import type { ContactRef, QueueRef } from "../contact.ts";
import { DependencyFailedError } from "../errors.ts";
import type { Clock } from "../ports/clock.ts";
import type { MetricSnapshotStore } from "../ports/metric-snapshot-store.ts";
import type { QueueMetrics, WaitEstimate } from "../ports/queue-metrics.ts";
import { SingleFlight } from "./single-flight.ts";
import type { TokenBucket } from "./token-bucket.ts";

export interface CachedQueueMetricsOptions {
  /** The live metrics API, read only through this class. */
  readonly source: QueueMetrics;
  readonly snapshots: MetricSnapshotStore;
  readonly clock: Clock;
  /** Guards the account-wide queue metrics limit. */
  readonly queueBucket: TokenBucket;
  /** Guards per-contact reads, which have their own limit. */
  readonly contactBucket: TokenBucket;
  /** Identifies this instance as a lease holder. */
  readonly holderId: string;
  /** How long an estimate counts as fresh (Connect's own data is 5–10 s stale). */
  readonly refreshIntervalMs?: number;
  /** The oldest estimate still served when no fresh one can be had. */
  readonly maxStaleMs?: number;
  /** How long to wait for another instance's refresh when nothing is stored yet. */
  readonly peerWaitMs?: number;
  /** How long a refresh may wait for the token bucket before serving what it has. */
  readonly tokenWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Queue wait estimates within the metrics API's rate limits: an in-process cache, a snapshot
 * shared through the table with a refresh lease, single-flight per key, and token buckets.
 * However many calls check, a queue's metrics are read at most once per refresh interval.
 */
export class CachedQueueMetrics implements QueueMetrics {
  readonly #options: Required<Omit<CachedQueueMetricsOptions, "sleep">> & {
    sleep: (ms: number) => Promise<void>;
  };
  readonly #local = new Map<string, WaitEstimate>();
  readonly #flights = new SingleFlight<WaitEstimate>();

  constructor(options: CachedQueueMetricsOptions) {
    this.#options = {
      refreshIntervalMs: 5000,
      maxStaleMs: 60_000,
      peerWaitMs: 300,
      tokenWaitMs: 1000,
      sleep: defaultSleep,
      ...options,
    };
  }

  queueWait(options: { queue: QueueRef; channel: "VOICE" | "CHAT" }): Promise<WaitEstimate> {
    const key = `${options.queue.instanceId}#${options.queue.queueId}#${options.channel}`;
    const cached = this.#local.get(key);
    if (cached && this.#ageMs(cached) < this.#options.refreshIntervalMs) {
      return Promise.resolve(cached);
    }
    return this.#flights.run(key, () => this.#refreshQueue(key, options));
  }

  contactWait(options: { contact: ContactRef; queue: QueueRef }): Promise<WaitEstimate> {
    const key = `contact#${options.contact.contactId}`;
    const cached = this.#local.get(key);
    if (cached && this.#ageMs(cached) < this.#options.refreshIntervalMs) {
      return Promise.resolve(cached);
    }
    return this.#flights.run(key, async () => {
      // Out of per-contact budget: the queue-level estimate is the next best answer.
      if (!this.#options.contactBucket.tryTake()) {
        return this.queueWait({ queue: options.queue, channel: "VOICE" });
      }
      const estimate = await this.#options.source.contactWait(options);
      this.#local.set(key, estimate);
      return estimate;
    });
  }

  async #refreshQueue(
    key: string,
    options: { queue: QueueRef; channel: "VOICE" | "CHAT" },
  ): Promise<WaitEstimate> {
    const { snapshots, holderId, refreshIntervalMs } = this.#options;
    const shared = await snapshots.read(key);
    if (shared && this.#ageMs(shared) < refreshIntervalMs) return this.#remember(key, shared);
    const leased = await snapshots.tryLease({ key, holder: holderId, leaseMs: refreshIntervalMs });
    let failure: unknown;
    if (leased && (await this.#takeQueueToken())) {
      try {
        const fresh = await this.#options.source.queueWait(options);
        await snapshots.write({ key, estimate: fresh });
        return this.#remember(key, fresh);
      } catch (error) {
        // A throttled or failing API: a recent estimate is still a good answer.
        failure = error;
      }
    }
    const fallback =
      shared ?? this.#local.get(key) ?? (failure ? undefined : await this.#awaitPeer(key));
    if (fallback && this.#ageMs(fallback) < this.#options.maxStaleMs) {
      return this.#remember(key, fallback);
    }
    throw new DependencyFailedError(`no recent queue metrics for ${key}`, {
      cause: failure,
      details: { leased, key },
    });
  }

  /** A token now, or after a short wait if one is due soon enough. */
  async #takeQueueToken(): Promise<boolean> {
    const bucket = this.#options.queueBucket;
    if (bucket.tryTake()) return true;
    const waitMs = bucket.msUntilNextToken();
    if (waitMs > this.#options.tokenWaitMs) return false;
    await this.#options.sleep(waitMs);
    return bucket.tryTake();
  }

  /** Another instance holds the lease: give its write a moment to land. */
  async #awaitPeer(key: string): Promise<WaitEstimate | undefined> {
    const step = 50;
    for (let waited = 0; waited < this.#options.peerWaitMs; waited += step) {
      await this.#options.sleep(step);
      const shared = await this.#options.snapshots.read(key);
      if (shared) return shared;
    }
    return undefined;
  }

  #remember(key: string, estimate: WaitEstimate): WaitEstimate {
    this.#local.set(key, estimate);
    return estimate;
  }

  #ageMs(estimate: WaitEstimate): number {
    return this.#options.clock.now().getTime() - estimate.observedAt.getTime();
  }
}
