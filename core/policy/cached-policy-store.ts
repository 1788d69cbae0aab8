import type { ChannelKind } from "../channel.ts";
import type { Clock } from "../ports/clock.ts";
import type { ThresholdPolicyStore } from "../ports/threshold-policy-store.ts";
import type { QueuePolicy } from "./queue-policy.ts";

interface Cached<T> {
  readonly value: T;
  readonly atMs: number;
}

/**
 * Keeps queue policies and their hysteresis state in memory for `ttlMs`, so the deflect check
 * does not read them on every call. An operator's change reaches every instance within ttlMs.
 */
export class CachedPolicyStore implements ThresholdPolicyStore {
  readonly #store: ThresholdPolicyStore;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #policies = new Map<string, Cached<QueuePolicy | undefined>>();
  readonly #active = new Map<string, Cached<ReadonlySet<ChannelKind>>>();

  constructor(options: { store: ThresholdPolicyStore; clock: Clock; ttlMs: number }) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#ttlMs = options.ttlMs;
  }

  getPolicy(queueId: string): Promise<QueuePolicy | undefined> {
    return this.#cached(this.#policies, queueId, () => this.#store.getPolicy(queueId));
  }

  async putPolicy(policy: QueuePolicy): Promise<void> {
    await this.#store.putPolicy(policy);
    this.#policies.delete(policy.queueId);
  }

  listPolicies(): Promise<readonly QueuePolicy[]> {
    return this.#store.listPolicies();
  }

  getActiveChannels(queueId: string): Promise<ReadonlySet<ChannelKind>> {
    return this.#cached(this.#active, queueId, () => this.#store.getActiveChannels(queueId));
  }

  async setActiveChannels(queueId: string, channels: ReadonlySet<ChannelKind>): Promise<void> {
    await this.#store.setActiveChannels(queueId, channels);
    this.#active.set(queueId, { value: channels, atMs: this.#clock.now().getTime() });
  }

  async #cached<T>(cache: Map<string, Cached<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const nowMs = this.#clock.now().getTime();
    const hit = cache.get(key);
    if (hit && nowMs - hit.atMs < this.#ttlMs) return hit.value;
    const value = await load();
    cache.set(key, { value, atMs: nowMs });
    return value;
  }
}
