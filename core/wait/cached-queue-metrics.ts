import type { ContactChannel, ContactRef, QueueRef } from "../contact.ts";
import { DependencyFailedError } from "../errors.ts";
import type { Clock } from "../ports/clock.ts";
import type { MetricSnapshotStore } from "../ports/metric-snapshot-store.ts";
import type { QueueMetrics, WaitEstimate } from "../ports/queue-metrics.ts";
import { RefreshBatcher, type RefreshRequest } from "./refresh-batcher.ts";
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
  /** Runs a batch of refreshes after the current tick (default setImmediate). */
  readonly schedule?: (run: () => void) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Queue wait estimates within the metrics API's rate limits: an in-process cache, a snapshot
 * shared through the table with a refresh lease, single-flight per key, and token buckets.
 * However many calls check, a queue's metrics are read at most once per refresh interval, and
 * the queues that need a refresh at the same moment are read together in one request.
 */
export class CachedQueueMetrics implements QueueMetrics {
  readonly #options: Required<Omit<CachedQueueMetricsOptions, "sleep" | "schedule">> & {
    sleep: (ms: number) => Promise<void>;
  };
  readonly #local = new Map<string, WaitEstimate>();
  readonly #flights = new SingleFlight<WaitEstimate>();
  readonly #batcher: RefreshBatcher;

  constructor(options: CachedQueueMetricsOptions) {
    this.#options = {
      refreshIntervalMs: 5000,
      maxStaleMs: 60_000,
      peerWaitMs: 300,
      tokenWaitMs: 1000,
      sleep: defaultSleep,
      ...options,
    };
    const { source, snapshots, clock, holderId, refreshIntervalMs } = this.#options;
    this.#batcher = new RefreshBatcher({
      ...{ source, snapshots, clock, holderId, refreshIntervalMs },
      takeToken: () => this.#takeQueueToken(),
      ...(options.schedule ? { schedule: options.schedule } : {}),
    });
  }

  queueWait(options: { queue: QueueRef; channel: ContactChannel }): Promise<WaitEstimate> {
    const { instanceId, queueId } = options.queue;
    const key = `${instanceId}#${queueId}#${options.channel}`;
    const cached = this.#local.get(key);
    if (cached && this.#ageMs(cached) < this.#options.refreshIntervalMs) {
      return Promise.resolve(cached);
    }
    const request = { key, instanceId, queueId, channel: options.channel };
    return this.#flights.run(key, () => this.#refreshQueue(request));
  }

  async queueWaits(options: {
    instanceId: string;
    queueIds: readonly string[];
    channel: ContactChannel;
  }): Promise<ReadonlyMap<string, WaitEstimate>> {
    const { instanceId, channel } = options;
    // Asked in one tick, the refreshes these need share one batch.
    const estimates = await Promise.all(
      options.queueIds.map(
        async (queueId) =>
          [queueId, await this.queueWait({ queue: { instanceId, queueId }, channel })] as const,
      ),
    );
    return new Map(estimates);
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
      let estimate: WaitEstimate;
      try {
        estimate = await this.#options.source.contactWait(options);
      } catch (error) {
        // Throttled, paced out or failing: the queue's estimate still answers the caller.
        if (!(error instanceof DependencyFailedError)) throw error;
        return this.queueWait({ queue: options.queue, channel: "VOICE" });
      }
      this.#local.set(key, estimate);
      return estimate;
    });
  }

  async #refreshQueue(request: RefreshRequest): Promise<WaitEstimate> {
    const { key } = request;
    const outcome = await this.#batcher.refresh(request);
    if (outcome.fresh) return this.#remember(key, outcome.fresh);
    const { shared, leased, failure } = outcome;
    // A peer's write is worth waiting for only when a peer holds the lease and nothing failed.
    const fallback =
      shared ??
      this.#local.get(key) ??
      (failure || leased ? undefined : await this.#awaitPeer(key));
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
