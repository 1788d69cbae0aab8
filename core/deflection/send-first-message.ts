import { ChannelRejectedError, isDeflectError } from "../errors.ts";
import { type Stored, withClaim } from "../reliability/with-claim.ts";
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
  const outcome = await withClaim(
    deps.claims,
    {
      key: `first-message#${session.voiceContactId}`,
      ttlSeconds: SEND_CLAIM_TTL_SECONDS,
      leaseSeconds: SEND_CLAIM_LEASE_SECONDS,
    },
    () => send(deps, session),
  );
  if (outcome.state === "completed") {
    return { sent: outcome.result.sent === "true", reason: "ALREADY_SENT", channel };
  }
  if (outcome.state === "in-progress") return { sent: false, reason: "SEND_IN_PROGRESS", channel };
  return finish(deps, { session, record: outcome.result });
}

/** What one send attempt stored under the claim: the answer every retry gets. */
interface SendRecord extends Stored {
  readonly sent: "true" | "false";
  readonly reason: AcceptResult["reason"];
  readonly messageId: string;
  readonly detail: string;
}

/**
 * The send itself, under the claim. A refusal or a failure the channel reports is a result
 * (stored, so retries answer it); anything else throws, which releases the claim.
 */
async function send(deps: DeflectionDeps, session: DeflectionSession): Promise<SendRecord> {
  const { channel } = session;
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
    return record({ sent: false, reason: adapter ? "NO_TEMPLATE" : "NO_CHANNEL" });
  }
  try {
    const result = await adapter.send(message);
    deps.health.recordSuccess(channel);
    return record({ sent: true, reason: "SENT", messageId: result.providerMessageId });
  } catch (error) {
    if (!isDeflectError(error)) throw error;
    const rejected = error instanceof ChannelRejectedError;
    if (!rejected) deps.health.recordFailure(channel);
    return record({
      sent: false,
      reason: rejected ? "CHANNEL_REJECTED" : "SEND_FAILED",
      detail: String(error.details.reason ?? error.code),
    });
  }
}

function record(outcome: {
  sent: boolean;
  reason: AcceptResult["reason"];
  messageId?: string;
  detail?: string;
}): SendRecord {
  return {
    sent: outcome.sent ? "true" : "false",
    reason: outcome.reason,
    messageId: outcome.messageId ?? "",
    detail: outcome.detail ?? "",
  };
}

/** After the send that this call made: the session's move and the funnel's count. */
async function finish(
  deps: DeflectionDeps,
  done: { session: DeflectionSession; record: SendRecord },
): Promise<AcceptResult> {
  const { session, record: outcome } = done;
  const sent = outcome.sent === "true";
  const at = deps.clock.now();
  const next = sent
    ? transition(session, {
        to: "message-sent",
        at,
        ...(outcome.messageId ? { outboundMessageId: outcome.messageId } : {}),
      })
    : transition(session, { to: "failed", at, reason: outcome.detail || outcome.reason });
  await Promise.all([
    saveTransitionQuietly(deps, session, next),
    deps.funnel.record({
      queueId: session.queueId,
      channel: session.channel,
      stage: sent ? "sent" : "send-failed",
      reason: outcome.reason,
      at,
    }),
  ]);
  return { sent, reason: outcome.reason, channel: session.channel };
}
