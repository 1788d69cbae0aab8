import type { ChannelKind } from "../../core/channel.ts";
import type { QueuePolicy } from "../../core/policy/queue-policy.ts";
import type {
  ConsentRecord,
  CustomerDirectory,
  CustomerProfile,
} from "../../core/ports/customer-directory.ts";
import type { FunnelEvent, FunnelRecorder } from "../../core/ports/funnel-recorder.ts";
import type { ThresholdPolicyStore } from "../../core/ports/threshold-policy-store.ts";

export class InMemoryCustomerDirectory implements CustomerDirectory {
  readonly profiles = new Map<string, CustomerProfile>();
  readonly log: ConsentRecord[] = [];

  async getCustomer(customerKey: string) {
    return this.profiles.get(customerKey);
  }

  async setPreference(options: {
    customerKey: string;
    preferredChannel: ChannelKind;
    handle?: string;
  }) {
    const current = this.#profile(options.customerKey);
    const handles = options.handle
      ? { ...current.handles, [options.preferredChannel]: options.handle }
      : current.handles;
    return this.#save({ ...current, preferredChannel: options.preferredChannel, handles });
  }

  async recordConsent(options: { customerKey: string; record: ConsentRecord }) {
    this.log.push(options.record);
    const current = this.#profile(options.customerKey);
    return this.#save({
      ...current,
      consent: { ...current.consent, [options.record.channel]: options.record.status },
    });
  }

  async consentHistory() {
    return this.log;
  }

  #profile(customerKey: string): CustomerProfile {
    return this.profiles.get(customerKey) ?? { customerKey, handles: {}, consent: {}, version: 0 };
  }

  #save(profile: CustomerProfile) {
    const saved = { ...profile, version: profile.version + 1 };
    this.profiles.set(profile.customerKey, saved);
    return saved;
  }
}

export class InMemoryPolicyStore implements ThresholdPolicyStore {
  readonly policies = new Map<string, QueuePolicy>();
  readonly active = new Map<string, ReadonlySet<ChannelKind>>();

  async getPolicy(queueId: string) {
    return this.policies.get(queueId);
  }
  async putPolicy(policy: QueuePolicy) {
    this.policies.set(policy.queueId, policy);
  }
  async listPolicies() {
    return [...this.policies.values()];
  }
  async getActiveChannels(queueId: string) {
    return this.active.get(queueId) ?? new Set<ChannelKind>();
  }
  async setActiveChannels(queueId: string, channels: ReadonlySet<ChannelKind>) {
    this.active.set(queueId, channels);
  }
}

export class RecordingFunnel implements FunnelRecorder {
  readonly events: FunnelEvent[] = [];
  async record(event: FunnelEvent) {
    this.events.push(event);
  }
  stages(): string[] {
    return this.events.map((e) => e.stage);
  }
}
