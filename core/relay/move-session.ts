import { ConflictError } from "../errors.ts";
import type { FunnelStage } from "../ports/funnel-recorder.ts";
import { type DeflectionSession, transition } from "../session/deflection-session.ts";
import { canTransition, type SessionStatus } from "../session/session-status.ts";
import type { RelayDeps } from "./relay-deps.ts";

type RelayStatus = Extract<SessionStatus, "agent-connected" | "ended"> & FunnelStage;

/**
 * Moves the session to `to` if its state machine allows it, and counts it in the funnel.
 * A lost race is retried once on the fresh record; a session already past `to` is left as is.
 * Answers whether this call made the move.
 */
export async function moveSession(
  deps: RelayDeps,
  options: { session: DeflectionSession; to: RelayStatus; reason: string },
): Promise<boolean> {
  let current: DeflectionSession | undefined = options.session;
  for (let attempt = 0; attempt < 2 && current; attempt++) {
    if (!canTransition(current.status, options.to)) return false;
    const at = deps.clock.now();
    const next = transition(current, { to: options.to, at, reason: options.reason });
    try {
      await deps.sessions.saveTransition(current, next);
      await deps.funnel.record({
        queueId: current.queueId,
        channel: current.channel,
        stage: options.to,
        at,
      });
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      current = await deps.sessions.getSession(current.voiceContactId);
    }
  }
  if (!current) return false;
  throw new ConflictError(`session ${current.voiceContactId} kept changing; retry later`);
}
