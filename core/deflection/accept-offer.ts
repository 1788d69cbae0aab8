import type { ChannelKind } from "../channel.ts";
import { isDeflectError } from "../errors.ts";
import { toE164 } from "../phone-number.ts";
import { unlessConflict } from "../reliability/conflicts.ts";
import { type DeflectionSession, newSession, transition } from "../session/deflection-session.ts";
import type { DeflectionDeps } from "./deflection-deps.ts";
import { saveTransitionQuietly } from "./save-transition-quietly.ts";
import { sendFirstMessage } from "./send-first-message.ts";
import type { VoiceContact } from "./voice-contact.ts";

export type AcceptReason =
  | "SENT"
  | "ALREADY_SENT"
  | "SEND_IN_PROGRESS"
  | "SEND_FAILED"
  | "CHANNEL_REJECTED"
  | "NO_TEMPLATE"
  | "CUSTOMER_OPTED_OUT"
  | "NO_CHANNEL"
  | "ANONYMOUS_CALLER"
  | "INVALID_PHONE_NUMBER"
  | "ALREADY_CLOSED";

export interface AcceptResult {
  readonly sent: boolean;
  readonly reason: AcceptReason;
  readonly channel?: ChannelKind;
}

/**
 * The caller pressed 1: marks the deflection accepted and sends the one outbound message.
 * Keyed by the voice ContactId, so a retried accept returns the first result and never sends
 * a second message.
 */
export async function acceptOffer(
  deps: DeflectionDeps,
  input: { contact: VoiceContact; channel?: ChannelKind; waitSeconds?: number },
): Promise<AcceptResult> {
  const found = await acceptedSession(deps, input);
  if ("reason" in found) return found;
  const session = found.session;
  const channel = session.channel;
  if (session.status !== "accepted") {
    const sent = [
      "message-sent",
      "delivered",
      "replied",
      "chat-started",
      "agent-connected",
      "ended",
    ];
    return sent.includes(session.status)
      ? { sent: true, reason: "ALREADY_SENT", channel }
      : { sent: false, reason: "ALREADY_CLOSED", channel };
  }
  const customer = await deps.customers.getCustomer(directoryKey(deps, input.contact, session));
  if (customer?.consent[channel] === "opted-out") {
    await saveTransitionQuietly(
      deps,
      session,
      transition(session, { to: "opted-out", at: deps.clock.now() }),
    );
    return { sent: false, reason: "CUSTOMER_OPTED_OUT", channel };
  }
  return sendFirstMessage(deps, session);
}

/**
 * The customer directory is keyed by the caller's phone number (the check reads it so too);
 * on Messenger or X the session's handle is a platform id, not the key.
 */
function directoryKey(
  deps: DeflectionDeps,
  contact: VoiceContact,
  session: DeflectionSession,
): string {
  try {
    return toE164(contact.customerNumber, deps.settings.defaultCountry);
  } catch {
    return session.address.handle;
  }
}

/** The session in "accepted" (or later) state, creating or advancing it as needed. */
async function acceptedSession(
  deps: DeflectionDeps,
  input: { contact: VoiceContact; channel?: ChannelKind; waitSeconds?: number },
): Promise<{ session: DeflectionSession } | AcceptResult> {
  const { contact } = input;
  const existing = await deps.sessions.getSession(contact.contactId);
  if (existing?.status === "offered") {
    const accepted = transition(existing, { to: "accepted", at: deps.clock.now() });
    return unlessConflict<{ session: DeflectionSession } | AcceptResult>(
      async () => {
        await deps.sessions.saveTransition(existing, accepted);
        await deps.funnel.record({
          queueId: existing.queueId,
          channel: existing.channel,
          stage: "accepted",
          at: deps.clock.now(),
        });
        return { session: accepted };
      },
      // A concurrent retry got there first; carry on from what it stored.
      async () => {
        const current = await deps.sessions.getSession(contact.contactId);
        return current ? { session: current } : { sent: false, reason: "SEND_IN_PROGRESS" };
      },
    );
  }
  if (existing) return { session: existing };
  // Accepted without a recorded offer (e.g. the flow's own check): open the session now.
  if (!input.channel || !contact.queueId) return { sent: false, reason: "NO_CHANNEL" };
  let handle: string;
  try {
    handle = toE164(contact.customerNumber, deps.settings.defaultCountry);
  } catch (error) {
    const anonymous = isDeflectError(error) && error.code === "ANONYMOUS_CALLER";
    return { sent: false, reason: anonymous ? "ANONYMOUS_CALLER" : "INVALID_PHONE_NUMBER" };
  }
  const created = await deps.sessions.createSession(
    newSession({
      voiceContactId: contact.contactId,
      instanceId: contact.instanceId,
      queueId: contact.queueId,
      channel: input.channel,
      address: { channel: input.channel, handle },
      ...(contact.queueName ? { queueName: contact.queueName } : {}),
      ...(contact.languageCode ? { languageCode: contact.languageCode } : {}),
      contextAttributes: contact.attributes,
      status: "accepted",
      ...(input.waitSeconds === undefined ? {} : { offeredWaitSeconds: input.waitSeconds }),
      at: deps.clock.now(),
    }),
  );
  return { session: created.created ? created.session : created.existing };
}
