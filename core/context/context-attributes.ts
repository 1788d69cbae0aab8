import { buildCallContext, type CallContextInput } from "./call-context.ts";
import { callerWordsText, contextText } from "./context-text.ts";

/**
 * The attributes that carry the call's context to the agent. Contact attributes are for the
 * agent's side only (the agent workspace shows them, and the chat flow hands them to the
 * step-by-step guide); none of them ever reaches the customer's messenger.
 */
export interface ContextAttributes {
  /** The whole context as plain text. */
  readonly deflectContext: string;
  /** Only the caller's words, one utterance a line. */
  readonly deflectCallerWords: string;
  readonly deflectQueueName: string;
  /** The customer's handle, masked. */
  readonly deflectHandle: string;
}

// Step-by-step guides render reliably with inputs and attributes under 16 KB in all
// (protocols.md §11); the context takes at most half, the rest is left to the IVR's own.
const MAX_CONTEXT_BYTES = 8 * 1024;
const FIRST_WORDS_BUDGET_CHARS = 4000;

/**
 * The context attributes of a chat, within their byte budget: where the caller's words in
 * other scripts take more bytes than characters, fewer of them are kept.
 */
export function contextAttributes(
  input: Omit<CallContextInput, "maxWordsChars">,
): ContextAttributes {
  for (let budget = FIRST_WORDS_BUDGET_CHARS; ; budget = Math.floor(budget / 2)) {
    const context = buildCallContext({ ...input, maxWordsChars: budget });
    const attributes = {
      deflectContext: contextText(context),
      deflectCallerWords: callerWordsText(context),
      deflectQueueName: context.queue,
      deflectHandle: context.maskedHandle,
    };
    const bytes = utf8Length(attributes.deflectContext) + utf8Length(attributes.deflectCallerWords);
    if (bytes <= MAX_CONTEXT_BYTES || budget < 100) return attributes;
  }
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
