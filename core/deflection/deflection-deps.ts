import type { CountryCode } from "libphonenumber-js";
import type { ChannelKind } from "../channel.ts";
import type { Clock } from "../ports/clock.ts";
import type { CustomerDirectory } from "../ports/customer-directory.ts";
import type { FunnelRecorder } from "../ports/funnel-recorder.ts";
import type { IdempotencyStore } from "../ports/idempotency-store.ts";
import type { OutboundChannel } from "../ports/messenger-channel.ts";
import type { QueueMetrics } from "../ports/queue-metrics.ts";
import type { SessionStore } from "../ports/session-store.ts";
import type { ThresholdPolicyStore } from "../ports/threshold-policy-store.ts";
import type { ChannelHealth } from "./channel-health.ts";
import type { FirstMessageContent } from "./first-message.ts";

/** Everything the deflection use cases need, wired once per cold start. */
export interface DeflectionDeps {
  readonly policies: ThresholdPolicyStore;
  readonly metrics: QueueMetrics;
  readonly customers: CustomerDirectory;
  readonly sessions: SessionStore;
  /** Keys claimed before a side effect (withClaim), so a retry never repeats it. */
  readonly claims: IdempotencyStore;
  readonly funnel: FunnelRecorder;
  /** The channels this deployment can send on. */
  readonly channels: ReadonlyMap<ChannelKind, OutboundChannel>;
  readonly health: ChannelHealth;
  readonly clock: Clock;
  readonly settings: DeflectionSettings;
}

export interface DeflectionSettings {
  /** Country assumed for numbers Connect gives without a + prefix. */
  readonly defaultCountry?: CountryCode;
  readonly firstMessage: Readonly<Partial<Record<ChannelKind, FirstMessageContent>>>;
}
