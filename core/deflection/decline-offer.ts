import { transition } from "../session/deflection-session.ts";
import type { DeflectionDeps } from "./deflection-deps.ts";
import { saveTransitionQuietly } from "./save-transition-quietly.ts";
import type { VoiceContact } from "./voice-contact.ts";

/**
 * The caller chose to keep waiting. The decline is counted; when the queue's policy says so,
 * the session closes so this call hears no more offers.
 */
export async function declineOffer(
  deps: DeflectionDeps,
  input: { contact: VoiceContact },
): Promise<{ recorded: boolean }> {
  const session = await deps.sessions.getSession(input.contact.contactId);
  if (session?.status !== "offered") return { recorded: false };
  const policy = await deps.policies.getPolicy(session.queueId);
  const at = deps.clock.now();
  await Promise.all([
    deps.funnel.record({
      queueId: session.queueId,
      channel: session.channel,
      stage: "declined",
      at,
    }),
    (policy?.suppressAfterDecline ?? true)
      ? saveTransitionQuietly(deps, session, transition(session, { to: "declined", at }))
      : Promise.resolve(),
  ]);
  return { recorded: true };
}
