import { utf8Length } from "../context/context-attributes.ts";
import type { Redactor } from "../redaction/redactor.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";

// Attribute keys allow letters, digits, - and _ (protocols.md §3.3).
const KEY_UNSAFE = /[^A-Za-z0-9_-]/g;
const MAX_IVR_VALUE_CHARS = 1024;
// The IVR's own attributes get this much; the rest of the 32 KB (and of the 16 KB a guide
// renders reliably, protocols.md §11) is the context's.
const MAX_IVR_BYTES = 4 * 1024;

/**
 * The chat's contact attributes: what the chat flow routes on, and the call's context for
 * the agent (`context`, fixed with the first reply). Deterministic for an opening, so a
 * retried StartChatContact sends the same input under its ClientToken. The IVR's answers
 * are redacted and go in as `ivr_<key>`, in the order the flow stored them, while they fit.
 */
export function chatAttributes(options: {
  session: DeflectionSession;
  redactor: Redactor;
  reason: string;
  context: Readonly<Record<string, string>>;
}): Record<string, string> {
  const { session, redactor } = options;
  const attributes: Record<string, string> = {};
  let ivrBytes = 0;
  for (const [key, value] of Object.entries(session.contextAttributes)) {
    const safeKey = `ivr_${key.replace(KEY_UNSAFE, "_")}`.slice(0, 128);
    const safeValue = redactor.redact(value).slice(0, MAX_IVR_VALUE_CHARS);
    ivrBytes += utf8Length(safeKey) + utf8Length(safeValue);
    if (ivrBytes > MAX_IVR_BYTES) break;
    attributes[safeKey] = safeValue;
  }
  return {
    ...attributes,
    ...options.context,
    deflectVoiceContactId: session.voiceContactId,
    deflectQueueId: session.queueId,
    deflectChannel: session.channel,
    deflectReason: options.reason,
    ...(session.previousChatContactId
      ? { deflectPreviousChatContactId: session.previousChatContactId }
      : {}),
    ...(session.offeredWaitSeconds === undefined
      ? {}
      : { deflectOfferedWaitSeconds: String(Math.round(session.offeredWaitSeconds)) }),
  };
}
