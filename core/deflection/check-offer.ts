import { CHANNEL_KINDS, type ChannelKind } from "../channel.ts";
import { isDeflectError } from "../errors.ts";
import { type E164, toE164 } from "../phone-number.ts";
import { decideOffer, type OfferDecision } from "../policy/decide-offer.ts";
import type { OfferReason } from "../policy/offer-reason.ts";
import type { WaitEstimate } from "../ports/queue-metrics.ts";
import { type DeflectionSession, newSession } from "../session/deflection-session.ts";
import type { DeflectionDeps } from "./deflection-deps.ts";
import type { VoiceContact } from "./voice-contact.ts";

export interface CheckResult {
  readonly offer: boolean;
  readonly reason: OfferReason;
  readonly channel?: ChannelKind;
  readonly waitSeconds?: number;
}

/**
 * Decides whether to offer this caller deflection now. `inQueue` means the call is already
 * waiting (the customer queue flow), so the caller's own estimate is used.
 */
export async function checkOffer(
  deps: DeflectionDeps,
  input: { contact: VoiceContact; inQueue: boolean },
): Promise<CheckResult> {
  const { contact } = input;
  if (!contact.queueId) return { offer: false, reason: "BAD_EVENT" };
  const phone = callerNumber(deps, contact);
  if (typeof phone !== "string") return { offer: false, reason: phone.reason };

  const [policy, existing, customer, wasActive] = await Promise.all([
    deps.policies.getPolicy(contact.queueId),
    // Only the queue flow re-checks a contact; a retried IVR check is made safe by the
    // conditional session create instead of a read on every call.
    input.inQueue ? deps.sessions.getSession(contact.contactId) : Promise.resolve(undefined),
    deps.customers.getCustomer(phone),
    deps.policies.getActiveChannels(contact.queueId),
  ]);
  if (!policy) return { offer: false, reason: "NO_POLICY" };
  // A caller re-checked in the queue flow may hear the offer again until they decline
  // (when the policy suppresses repeats) or accept.
  if (existing && existing.status !== "offered") return { offer: false, reason: "ALREADY_OFFERED" };

  const wait = await readWait(deps, input, contact.queueId);
  if (!wait) return { offer: false, reason: "METRICS_UNAVAILABLE" };
  const decision = decideOffer({
    policy,
    now: deps.clock.now(),
    contactId: contact.contactId,
    waitSeconds: wait.waitSeconds,
    activeChannels: wasActive,
    phoneNumber: phone,
    ...(customer ? { customer } : {}),
    unhealthyChannels: unavailableChannels(deps),
  });
  await recordDecision(deps, { contact, queueId: contact.queueId, wasActive, decision, existing });
  const channel = decision.address?.channel;
  return {
    offer: decision.offer,
    reason: decision.reason,
    waitSeconds: wait.waitSeconds,
    ...(channel ? { channel } : {}),
  };
}

/** Keeps the hysteresis state, counts the offer, and opens the session an accept will use. */
async function recordDecision(
  deps: DeflectionDeps,
  options: {
    contact: VoiceContact;
    queueId: string;
    wasActive: ReadonlySet<ChannelKind>;
    decision: OfferDecision;
    existing: DeflectionSession | undefined;
  },
): Promise<void> {
  const { contact, queueId, decision } = options;
  const writes: Promise<unknown>[] = [];
  if (!sameChannels(options.wasActive, decision.activeChannels)) {
    writes.push(deps.policies.setActiveChannels(queueId, decision.activeChannels));
  }
  const address = decision.address;
  if (decision.wouldOffer && address) {
    const stage = decision.offer ? "offered" : "shadow-offered";
    const at = deps.clock.now();
    writes.push(
      deps.funnel.record({ queueId, channel: address.channel, stage, reason: decision.reason, at }),
    );
  }
  if (decision.offer && address && !options.existing) {
    const session = newSession({
      voiceContactId: contact.contactId,
      instanceId: contact.instanceId,
      queueId,
      channel: address.channel,
      address,
      ...(contact.queueName ? { queueName: contact.queueName } : {}),
      ...(contact.languageCode ? { languageCode: contact.languageCode } : {}),
      contextAttributes: contact.attributes,
      offeredWaitSeconds: decision.waitSeconds,
      at: deps.clock.now(),
    });
    writes.push(deps.sessions.createSession(session));
  }
  await Promise.all(writes);
}

function callerNumber(deps: DeflectionDeps, contact: VoiceContact): E164 | { reason: OfferReason } {
  try {
    return toE164(contact.customerNumber, deps.settings.defaultCountry);
  } catch (error) {
    if (isDeflectError(error) && error.code === "ANONYMOUS_CALLER")
      return { reason: "ANONYMOUS_CALLER" };
    return { reason: "INVALID_PHONE_NUMBER" };
  }
}

async function readWait(
  deps: DeflectionDeps,
  input: { contact: VoiceContact; inQueue: boolean },
  queueId: string,
): Promise<WaitEstimate | undefined> {
  const queue = { instanceId: input.contact.instanceId, queueId };
  try {
    return input.inQueue
      ? await deps.metrics.contactWait({ contact: input.contact, queue })
      : await deps.metrics.queueWait({ queue, channel: "VOICE" });
  } catch (error) {
    if (isDeflectError(error)) return undefined;
    throw error;
  }
}

/** Channels that cannot send now: no adapter configured, or the circuit breaker is open. */
function unavailableChannels(deps: DeflectionDeps): ReadonlySet<ChannelKind> {
  const unavailable = new Set(deps.health.unhealthyChannels());
  for (const kind of CHANNEL_KINDS) {
    if (!deps.channels.has(kind)) unavailable.add(kind);
  }
  return unavailable;
}

function sameChannels(a: ReadonlySet<ChannelKind>, b: ReadonlySet<ChannelKind>): boolean {
  return a.size === b.size && [...a].every((kind) => b.has(kind));
}
