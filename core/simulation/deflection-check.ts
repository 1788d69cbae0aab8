import type { ChannelKind } from "../channel.ts";
import type { E164 } from "../phone-number.ts";
import { decideOffer } from "../policy/decide-offer.ts";
import { parseQueuePolicy, type QueuePolicy } from "../policy/queue-policy.ts";
import type { CustomerProfile } from "../ports/customer-directory.ts";
import { estimateWaitSeconds, type QueueLoad } from "../wait/estimate-wait.ts";
import type { DeflectionModel, SimulatedThreshold } from "./queue-scenario.ts";

// Every simulated caller has a reachable mobile number; the value itself is never used.
const CALLER_NUMBER = "+15550100000" as E164;
const DAY_START_MS = Date.UTC(2026, 0, 5);

/**
 * The product's own offer decision, fed from the simulated queue. The wait estimate is the
 * product's `estimateWaitSeconds` from the live queue state (contacts in queue, agents
 * available and on contact, oldest contact age, the interval's average handle time): it is
 * what the deflect check computes when Connect gives no ESTIMATED_WAIT_TIME, and Connect's
 * own estimate is a model we cannot reproduce. Like the product's metrics cache, an estimate
 * is reused until it is `metricsAgeSeconds` old, and the hysteresis state carries from
 * check to check exactly as `checkOffer` keeps it.
 */
export class DeflectionCheck {
  readonly #policy: QueuePolicy;
  readonly #metricsAgeSeconds: number;
  readonly #profiles = new Map<ChannelKind, CustomerProfile>();
  #active: ReadonlySet<ChannelKind> = new Set();
  #estimateAt = Number.NEGATIVE_INFINITY;
  #estimate = 0;

  constructor(options: { threshold: SimulatedThreshold; model: DeflectionModel }) {
    this.#policy = simulatedPolicy(options);
    this.#metricsAgeSeconds = options.model.metricsAgeSeconds;
  }

  /** The channel the caller is offered, or undefined for no offer. */
  offer(options: {
    timeSeconds: number;
    contactId: string;
    preferredChannel: ChannelKind | undefined;
    load: QueueLoad;
    averageHandleSeconds: number;
  }): ChannelKind | undefined {
    const { timeSeconds, preferredChannel } = options;
    if (timeSeconds - this.#estimateAt >= this.#metricsAgeSeconds) {
      this.#estimate = estimateWaitSeconds(options);
      this.#estimateAt = timeSeconds;
    }
    const customer = preferredChannel ? this.#profile(preferredChannel) : undefined;
    const decision = decideOffer({
      policy: this.#policy,
      now: new Date(DAY_START_MS + timeSeconds * 1000),
      contactId: options.contactId,
      waitSeconds: this.#estimate,
      activeChannels: this.#active,
      phoneNumber: CALLER_NUMBER,
      ...(customer ? { customer } : {}),
    });
    this.#active = decision.activeChannels;
    return decision.offer ? decision.address?.channel : undefined;
  }

  #profile(channel: ChannelKind): CustomerProfile {
    let profile = this.#profiles.get(channel);
    if (!profile) {
      profile = {
        customerKey: CALLER_NUMBER,
        preferredChannel: channel,
        handles: { [channel]: "simulated-handle" },
        consent: {},
        version: 1,
      };
      this.#profiles.set(channel, profile);
    }
    return profile;
  }
}

/** A live policy with the model's channels enabled in its order, or an `off` policy. */
export function simulatedPolicy(options: {
  threshold: SimulatedThreshold;
  model: DeflectionModel;
}): QueuePolicy {
  const { threshold, model } = options;
  const channelOrder = Object.keys(model.acceptShare) as ChannelKind[];
  const onWaitSeconds = threshold === "off" ? 0 : threshold;
  return parseQueuePolicy({
    queueId: "simulated",
    timeZone: "UTC",
    mode: threshold === "off" ? "off" : "live",
    thresholds: {
      onWaitSeconds,
      offWaitSeconds: Math.round(onWaitSeconds * model.offRatio),
    },
    maxOfferShare: model.maxOfferShare,
    channels: Object.fromEntries(channelOrder.map((kind) => [kind, { enabled: true }])),
    channelOrder,
    suppressAfterDecline: true,
  });
}
