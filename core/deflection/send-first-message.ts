import { ChannelRejectedError, isDeflectError } from "../errors.ts";
import { type DeflectionSession, transition } from "../session/deflection-session.ts";
import type { AcceptResult } from "./accept-offer.ts";
import type { DeflectionDeps } from "./deflection-deps.ts";
import { firstMessage } from "./first-message.ts";
import { saveTransitionQuietly } from "./save-transition-quietly.ts";

const SEND_CLAIM_TTL_SECONDS = 7 * 24 * 3600;
const SEND_CLAIM_LEASE_SECONDS = 30;

/**
 * Sends the first message of an accepted session exactly once: an idempotency claim keyed by
 * the voice contact guards the send, and its stored result answers every retry.
 */
export async function sendFirstMessage(
  deps: DeflectionDeps,
  session: DeflectionSession,
): Promise<AcceptResult> {
  const channel = session.channel;
  const key = `first-message#${session.voiceContactId}`;
  const claim = await deps.sessions.claimIdempotencyKey({
    key,
    ttlSeconds: SEND_CLAIM_TTL_SECONDS,
    leaseSeconds: SEND_CLAIM_LEASE_SECONDS,
  });
  if (claim.state === "completed") {
    return { sent: claim.result.sent === "true", reason: "ALREADY_SENT", channel };
  }
  if (claim.state === "in-progress") return { sent: false, reason: "SEND_IN_PROGRESS", channel };

  const adapter = deps.channels.get(channel);
  const content = deps.settings.firstMessage[channel];
  const message =
    adapter &&
    firstMessage({
      to: session.address,
      rules: adapter.rules,
      content: content ?? { brandName: "Customer service" },
      waitSeconds: session.offeredWaitSeconds ?? 0,
      reference: session.voiceContactId,
    });
  if (!adapter || !message) {
    return finish(deps, {
      session,
      key,
      sent: false,
      reason: adapter ? "NO_TEMPLATE" : "NO_CHANNEL",
    });
  }
  try {
    const result = await adapter.send(message);
    deps.health.recordSuccess(channel);
    return finish(deps, {
      session,
      key,
      sent: true,
      reason: "SENT",
      messageId: result.providerMessageId,
    });
  } catch (error) {
    if (!isDeflectError(error)) throw error;
    const rejected = error instanceof ChannelRejectedError;
    if (!rejected) deps.health.recordFailure(channel);
    return finish(deps, {
      session,
      key,
      sent: false,
      reason: rejected ? "CHANNEL_REJECTED" : "SEND_FAILED",
      detail: String(error.details.reason ?? error.code),
    });
  }
}

async function finish(
  deps: DeflectionDeps,
  outcome: {
    session: DeflectionSession;
    key: string;
    sent: boolean;
    reason: AcceptResult["reason"];
    messageId?: string;
    detail?: string;
  },
): Promise<AcceptResult> {
  const { session } = outcome;
  const at = deps.clock.now();
  const next = outcome.sent
    ? transition(session, {
        to: "message-sent",
        at,
        ...(outcome.messageId ? { outboundMessageId: outcome.messageId } : {}),
      })
    : transition(session, { to: "failed", at, reason: outcome.detail ?? outcome.reason });
  await Promise.all([
    deps.sessions.completeIdempotencyKey({
      key: outcome.key,
      result: {
        sent: String(outcome.sent),
        reason: outcome.reason,
        messageId: outcome.messageId ?? "",
      },
    }),
    saveTransitionQuietly(deps, session, next),
    deps.funnel.record({
      queueId: session.queueId,
      channel: session.channel,
      stage: outcome.sent ? "sent" : "send-failed",
      reason: outcome.reason,
      at,
    }),
  ]);
  return { sent: outcome.sent, reason: outcome.reason, channel: session.channel };
}
