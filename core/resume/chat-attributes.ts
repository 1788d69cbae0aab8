import type { Redactor } from "../redaction/redactor.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";

// Attribute keys allow letters, digits, - and _ (protocols.md §3.3).
const KEY_UNSAFE = /[^A-Za-z0-9_-]/g;
// All pairs together must stay under 32,768 bytes; the summary gets what the rest leaves.
const MAX_VALUE_CHARS = 1024;

/**
 * The chat's contact attributes: what the flow routes on and the agent sees. Deterministic
 * for a session, so a retried StartChatContact sends the same input under its ClientToken.
 * IVR answers are redacted like the context message. The transcript summary is left out on
 * purpose: segments may still arrive between two attempts, and a changed input under the
 * same ClientToken is refused (IdempotencyException); it goes in as chat messages instead.
 */
export function chatAttributes(options: {
  session: DeflectionSession;
  redactor: Redactor;
  reason: string;
}): Record<string, string> {
  const { session, redactor } = options;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(session.contextAttributes)) {
    const safeKey = `ivr_${key.replace(KEY_UNSAFE, "_")}`.slice(0, 128);
    attributes[safeKey] = redactor.redact(value).slice(0, MAX_VALUE_CHARS);
  }
  return {
    ...attributes,
    deflectVoiceContactId: session.voiceContactId,
    deflectQueueId: session.queueId,
    deflectChannel: session.channel,
    deflectHandle: session.address.handle,
    deflectReason: options.reason,
    ...(session.previousChatContactId
      ? { deflectPreviousChatContactId: session.previousChatContactId }
      : {}),
    ...(session.offeredWaitSeconds === undefined
      ? {}
      : { deflectOfferedWaitSeconds: String(Math.round(session.offeredWaitSeconds)) }),
  };
}
