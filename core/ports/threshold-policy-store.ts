import type { ChannelKind } from "../channel.ts";
import type { QueuePolicy } from "../policy/queue-policy.ts";

/** Per-queue threshold policies, edited by operations and read by every deflect check. */
export interface ThresholdPolicyStore {
  getPolicy(queueId: string): Promise<QueuePolicy | undefined>;
  putPolicy(policy: QueuePolicy): Promise<void>;
  listPolicies(): Promise<readonly QueuePolicy[]>;

  /** Which channels have offering switched on for a queue (the hysteresis state). */
  getActiveChannels(queueId: string): Promise<ReadonlySet<ChannelKind>>;
  setActiveChannels(queueId: string, channels: ReadonlySet<ChannelKind>): Promise<void>;
}
