import type { DeflectionSession } from "../session/deflection-session.ts";

/**
 * When the customer last wrote to us, as far as the session knows. The session records no
 * per-message time, so this is the latest "replied" event: the customer's first reply. A
 * later message restarts the platform's window without moving this, so the estimate errs
 * towards a template; a free text refused for the window falls back to the template anyway.
 */
export function lastInboundAt(session: DeflectionSession): Date | undefined {
  const replies = session.history.filter((event) => event.status === "replied");
  const latest = replies.at(-1);
  return latest ? new Date(latest.at) : undefined;
}
