import {
  CHANNEL_KINDS,
  type ChannelKind,
  type CustomerAddress,
  PHONE_KEYED_CHANNELS,
} from "../channel.ts";
import type { E164 } from "../phone-number.ts";
import type { CustomerProfile } from "../ports/customer-directory.ts";
import { offeringActive, sampleFraction } from "./hysteresis.ts";
import type { OfferReason } from "./offer-reason.ts";
import { openWindow } from "./offer-window.ts";
import type { OfferWindow, QueuePolicy, Thresholds } from "./queue-policy.ts";

export interface OfferInput {
  readonly policy: QueuePolicy;
  readonly now: Date;
  readonly contactId: string;
  readonly waitSeconds: number;
  /** Channels whose offering was switched on at the last check (hysteresis state). */
  readonly activeChannels: ReadonlySet<ChannelKind>;
  readonly phoneNumber?: E164;
  readonly customer?: CustomerProfile;
  readonly unhealthyChannels?: ReadonlySet<ChannelKind>;
}

export interface OfferDecision {
  /** Offer the caller now. Never true in shadow mode. */
  readonly offer: boolean;
  /** What live mode would answer; shadow mode records this. */
  readonly wouldOffer: boolean;
  readonly reason: OfferReason;
  readonly waitSeconds: number;
  readonly address?: CustomerAddress;
  /** The hysteresis state to keep for the next check. */
  readonly activeChannels: ReadonlySet<ChannelKind>;
}

// When no channel fits, the reason reported is the most useful one for operations.
const MISS_PRIORITY: readonly OfferReason[] = [
  "WAIT_BELOW_THRESHOLD",
  "CHANNEL_UNHEALTHY",
  "CUSTOMER_OPTED_OUT",
  "NO_REACHABLE_CHANNEL",
];

/**
 * Decides whether to offer a caller deflection, and on which channel. Pure: the caller
 * supplies the wait estimate, the hysteresis state and what is known of the customer.
 */
export function decideOffer(input: OfferInput): OfferDecision {
  const { policy, waitSeconds } = input;
  const miss = (reason: OfferReason, activeChannels = input.activeChannels): OfferDecision => ({
    offer: false,
    wouldOffer: false,
    reason,
    waitSeconds,
    activeChannels,
  });
  if (policy.mode === "off") return miss("POLICY_OFF");
  const window = openWindow({ windows: policy.windows, timeZone: policy.timeZone, now: input.now });
  if (policy.windows.length > 0 && window === undefined) return miss("OUTSIDE_HOURS", new Set());

  const enabled = CHANNEL_KINDS.filter((kind) => policy.channels[kind]?.enabled === true);
  if (enabled.length === 0) return miss("NO_CHANNEL_ENABLED", new Set());
  const active = new Set(
    enabled.filter((kind) =>
      offeringActive({
        wasActive: input.activeChannels.has(kind),
        waitSeconds,
        thresholds: thresholdsFor(policy, kind, window),
      }),
    ),
  );

  const misses = new Set<OfferReason>();
  for (const kind of candidateOrder(input, enabled)) {
    const address = addressFor(input, kind);
    const reason = address ? channelMiss(input, kind, active) : "NO_REACHABLE_CHANNEL";
    if (reason) {
      misses.add(reason);
      continue;
    }
    if (sampleFraction(input.contactId) >= policy.maxOfferShare) return miss("SHARE_LIMIT", active);
    const shadow = policy.mode === "shadow";
    return {
      offer: !shadow,
      wouldOffer: true,
      reason: shadow ? "SHADOW_MODE" : "OFFER",
      waitSeconds,
      ...(address ? { address } : {}),
      activeChannels: active,
    };
  }
  return miss(MISS_PRIORITY.find((reason) => misses.has(reason)) ?? "NO_REACHABLE_CHANNEL", active);
}

function thresholdsFor(
  policy: QueuePolicy,
  kind: ChannelKind,
  window: OfferWindow | undefined,
): Thresholds {
  return policy.channels[kind]?.thresholds ?? window?.thresholds ?? policy.thresholds;
}

function candidateOrder(input: OfferInput, enabled: readonly ChannelKind[]): ChannelKind[] {
  const preferred = input.customer?.preferredChannel;
  const order = [
    ...(preferred ? [preferred] : []),
    ...input.policy.channelOrder,
    ...CHANNEL_KINDS,
  ].filter((kind) => enabled.includes(kind));
  return [...new Set(order)];
}

function addressFor(input: OfferInput, kind: ChannelKind): CustomerAddress | undefined {
  if (PHONE_KEYED_CHANNELS.has(kind)) {
    return input.phoneNumber ? { channel: kind, handle: input.phoneNumber } : undefined;
  }
  const handle = input.customer?.handles[kind];
  return handle ? { channel: kind, handle } : undefined;
}

function channelMiss(
  input: OfferInput,
  kind: ChannelKind,
  active: ReadonlySet<ChannelKind>,
): OfferReason | undefined {
  if (input.customer?.consent[kind] === "opted-out") return "CUSTOMER_OPTED_OUT";
  if (input.unhealthyChannels?.has(kind)) return "CHANNEL_UNHEALTHY";
  if (!active.has(kind)) return "WAIT_BELOW_THRESHOLD";
  return undefined;
}
