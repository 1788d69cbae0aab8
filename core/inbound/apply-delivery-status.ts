import { ConflictError } from "../errors.ts";
import type { FunnelRecorder } from "../ports/funnel-recorder.ts";
import type { DeliveryStatusUpdate } from "../ports/messenger-channel.ts";
import type { SessionStore } from "../ports/session-store.ts";
import { retryOnConflict } from "../reliability/conflicts.ts";
import { transition } from "../session/deflection-session.ts";
import { canTransition, type SessionStatus } from "../session/session-status.ts";

function targetStatus(status: DeliveryStatusUpdate): SessionStatus | undefined {
  if (status.state === "delivered" || status.state === "read") return "delivered";
  if (status.state === "failed" || status.state === "undelivered") return "failed";
  return undefined;
}

export type StatusOutcome = "applied" | "not-ours" | "no-change";

/**
 * Moves the customer's session to delivered or failed when the receipt is for the message
 * the session sent and the state machine allows the move. A receipt for any other message
 * (a relayed agent reply, an older deflection) changes nothing.
 */
export async function applyDeliveryStatus(
  deps: { sessions: SessionStore; funnel: FunnelRecorder },
  status: DeliveryStatusUpdate,
): Promise<StatusOutcome> {
  const { sessions } = deps;
  const recipient = status.recipient;
  const to = targetStatus(status);
  if (!recipient || !to) return "no-change";
  // Another writer (a reply overtaking the receipt) may move the session; look again.
  return retryOnConflict(
    async (): Promise<StatusOutcome> => {
      const session = await sessions.findByAddress(recipient);
      if (!session || session.outboundMessageId !== status.providerMessageId) return "not-ours";
      if (!canTransition(session.status, to)) return "no-change";
      const reason =
        to === "failed" ? `delivery-${status.state}:${status.errorCode ?? "unknown"}` : undefined;
      await sessions.saveTransition(
        session,
        transition(session, { to, at: status.at, ...(reason ? { reason } : {}) }),
      );
      if (to === "delivered") {
        const event = { queueId: session.queueId, channel: session.channel, at: status.at };
        await deps.funnel.record({ ...event, stage: "delivered" });
      }
      return "applied";
    },
    { maxAttempts: 3 },
  ).catch((error: unknown) => {
    // Still losing after three looks: the session has moved on past this receipt.
    if (error instanceof ConflictError) return "no-change" as const;
    throw error;
  });
}
