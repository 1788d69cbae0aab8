import type { ContactChannel } from "../contact.ts";
import type { Clock } from "../ports/clock.ts";
import type { MetricSnapshotStore } from "../ports/metric-snapshot-store.ts";
import type { QueueMetrics, WaitEstimate } from "../ports/queue-metrics.ts";

/** One queue and channel whose estimate in this instance is too old. */
export interface RefreshRequest {
  /** The snapshot key: instance, queue and channel. */
  readonly key: string;
  readonly instanceId: string;
  readonly queueId: string;
  readonly channel: ContactChannel;
}

/** A fresh estimate, or what is left to fall back on. */
export type RefreshOutcome =
  | { readonly fresh: WaitEstimate }
  | {
      readonly fresh?: undefined;
      /** The shared snapshot, too old to count as fresh. */
      readonly shared: WaitEstimate | undefined;
      /** This instance holds the refresh lease (so no peer is refreshing). */
      readonly leased: boolean;
      /** Why the metrics read failed, if it was tried. */
      readonly failure?: unknown;
    };

export interface RefreshBatcherOptions {
  readonly source: QueueMetrics;
  readonly snapshots: MetricSnapshotStore;
  readonly clock: Clock;
  readonly holderId: string;
  readonly refreshIntervalMs: number;
  /** A token of the metrics API's rate limit, or false when none can be had in time. */
  readonly takeToken: () => Promise<boolean>;
  /** Queues per read (GetCurrentMetricData filters at most 100). */
  readonly maxQueuesPerRead?: number;
  /** Runs the batch after the refreshes asked for in this tick (default setImmediate). */
  readonly schedule?: (run: () => void) => void;
}

interface Pending {
  readonly request: RefreshRequest;
  readonly resolve: (outcome: RefreshOutcome) => void;
  readonly reject: (error: unknown) => void;
}

interface Leased extends Pending {
  readonly shared: WaitEstimate | undefined;
}

/**
 * Coalesces the refreshes that this instance asks for within one tick, per instance and
 * channel (DataLoader-style): each queue's snapshot is read and its lease taken in parallel,
 * then the leased queues are read together in one metrics request for one token.
 */
export class RefreshBatcher {
  readonly #options: RefreshBatcherOptions;
  readonly #pending = new Map<string, Pending[]>();

  constructor(options: RefreshBatcherOptions) {
    this.#options = options;
  }

  /** Joins the batch forming in this tick; the caller should ask once per key at a time. */
  refresh(request: RefreshRequest): Promise<RefreshOutcome> {
    return new Promise((resolve, reject) => {
      const group = `${request.instanceId}#${request.channel}`;
      let batch = this.#pending.get(group);
      if (!batch) {
        const started: Pending[] = [];
        this.#pending.set(group, started);
        batch = started;
        (this.#options.schedule ?? setImmediate)(() => {
          this.#pending.delete(group);
          this.#run(started);
        });
      }
      batch.push({ request, resolve, reject });
    });
  }

  #run(batch: Pending[]): void {
    const size = this.#options.maxQueuesPerRead ?? 100;
    for (let start = 0; start < batch.length; start += size) {
      const part = batch.slice(start, start + size);
      this.#refreshPart(part).catch((error: unknown) => {
        for (const pending of part) pending.reject(error);
      });
    }
  }

  async #refreshPart(part: Pending[]): Promise<void> {
    const leased: Leased[] = [];
    await Promise.all(
      part.map((pending) =>
        this.#lease(pending).then((held) => held && leased.push(held), pending.reject),
      ),
    );
    const first = leased[0];
    if (!first) return;
    let failure: unknown;
    if (await this.#options.takeToken()) {
      try {
        const estimates = await this.#options.source.queueWaits({
          instanceId: first.request.instanceId,
          queueIds: leased.map((held) => held.request.queueId),
          channel: first.request.channel,
        });
        await Promise.all(leased.map((held) => this.#share(held, estimates)));
        return;
      } catch (error) {
        // A throttled or failing API: recent estimates are still good answers.
        failure = error;
      }
    }
    for (const held of leased) held.resolve({ shared: held.shared, leased: true, failure });
  }

  /** Resolves the queue at once unless this instance should read it: then its lease is held. */
  async #lease(pending: Pending): Promise<Leased | undefined> {
    const { snapshots, holderId, refreshIntervalMs, clock } = this.#options;
    const { key } = pending.request;
    const shared = await snapshots.read(key);
    if (shared && clock.now().getTime() - shared.observedAt.getTime() < refreshIntervalMs) {
      pending.resolve({ fresh: shared });
      return undefined;
    }
    const leased = await snapshots.tryLease({ key, holder: holderId, leaseMs: refreshIntervalMs });
    if (leased) return { ...pending, shared };
    pending.resolve({ shared, leased: false });
    return undefined;
  }

  async #share(held: Leased, estimates: ReadonlyMap<string, WaitEstimate>): Promise<void> {
    const fresh = estimates.get(held.request.queueId);
    if (!fresh) {
      const failure = new Error(`the metrics read left out queue ${held.request.queueId}`);
      held.resolve({ shared: held.shared, leased: true, failure });
      return;
    }
    try {
      await this.#options.snapshots.write({ key: held.request.key, estimate: fresh });
    } catch {
      // The estimate is good even unshared; peers serve their stale one until the lease ends.
    }
    held.resolve({ fresh });
  }
}
