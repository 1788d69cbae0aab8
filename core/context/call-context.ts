import type { ChannelKind } from "../channel.ts";
import { PHONE_KEYED_CHANNELS } from "../channel.ts";
import type { TranscriptSegment } from "../ports/transcript-source.ts";
import type { Redactor } from "../redaction/redactor.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import { ivrAnswers } from "./ivr-answers.ts";

/** One thing the caller said, redacted, timed from the start of the call's media stream. */
export interface CallerWords {
  readonly offsetMs: number;
  readonly text: string;
}

export interface IvrAnswer {
  readonly label: string;
  readonly value: string;
}

/** What the agent should know of the call before the chat, ready to show. All redacted. */
export interface CallContext {
  readonly voiceContactId: string;
  /** The queue's name, or its id where the call did not name it. */
  readonly queue: string;
  readonly channel: ChannelKind;
  /** The customer's handle on the channel, masked but for its last four characters. */
  readonly maskedHandle: string;
  readonly offeredWaitSeconds?: number;
  readonly languageCode?: string;
  readonly ivrAnswers: readonly IvrAnswer[];
  /** The caller's words kept, in time order. */
  readonly callerWords: readonly CallerWords[];
  /** How many earlier utterances were left out to fit the limit. */
  readonly wordsLeftOut: number;
  /** True when the transcript could not be read, so no words does not mean none were said. */
  readonly transcriptUnavailable?: boolean;
}

// A flow may store anything in an attribute; the agent needs a glance, not a document.
const MAX_IVR_ANSWERS = 30;
const MAX_IVR_VALUE_CHARS = 300;

export interface CallContextInput {
  readonly session: DeflectionSession;
  readonly segments: readonly TranscriptSegment[];
  readonly redactor: Redactor;
  /** The caller's words are cut to this many characters, most recent kept (default 4,000). */
  readonly maxWordsChars?: number;
  /** The transcript source failed; `segments` is then empty. */
  readonly transcriptUnavailable?: boolean;
}

/**
 * The call's context for the agent. Every text that came from the caller or the IVR is
 * redacted here, before it can leave the service. A long call keeps its latest words: what
 * the caller said last is nearest to why they are still waiting.
 */
export function buildCallContext(input: CallContextInput): CallContext {
  const { session, redactor } = input;
  const spoken = input.segments.filter((segment) => segment.participant === "CUSTOMER");
  const kept = latestWithin(spoken, input.maxWordsChars ?? 4000, redactor);
  return {
    voiceContactId: session.voiceContactId,
    queue: session.queueName ?? session.queueId,
    channel: session.channel,
    maskedHandle: maskHandle(session.channel, session.address.handle),
    ...(session.offeredWaitSeconds === undefined
      ? {}
      : { offeredWaitSeconds: session.offeredWaitSeconds }),
    ...(session.languageCode ? { languageCode: session.languageCode } : {}),
    ivrAnswers: ivrAnswers(session.contextAttributes)
      .slice(0, MAX_IVR_ANSWERS)
      .map((answer) => ({
        label: answer.label,
        value: clip(redactor.redact(answer.value), MAX_IVR_VALUE_CHARS),
      })),
    callerWords: kept,
    wordsLeftOut: spoken.length - kept.length,
    ...(input.transcriptUnavailable ? { transcriptUnavailable: true } : {}),
  };
}

function clip(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

function latestWithin(
  segments: readonly TranscriptSegment[],
  maxChars: number,
  redactor: Redactor,
): CallerWords[] {
  const kept: CallerWords[] = [];
  let used = 0;
  for (let i = segments.length - 1; i >= 0; i -= 1) {
    const segment = segments[i];
    if (!segment) continue;
    const text = redactor.redact(segment.text.replace(/\s+/g, " ").trim());
    if (text.length === 0) continue;
    if (used + text.length > maxChars) {
      // The latest utterance alone is over the limit: keep its end rather than nothing.
      if (kept.length === 0)
        kept.push({ offsetMs: segment.offsetMs, text: `…${text.slice(-maxChars)}` });
      break;
    }
    kept.unshift({ offsetMs: segment.offsetMs, text });
    used += text.length;
  }
  return kept;
}

/**
 * Enough of the handle for the agent to match it with what the customer says ("the number
 * ending 0123"), not enough to copy it elsewhere.
 */
export function maskHandle(channel: ChannelKind, handle: string): string {
  const visible = handle.slice(-4);
  const hidden = Math.max(0, handle.length - 4);
  const prefix = PHONE_KEYED_CHANNELS.has(channel) && handle.startsWith("+") ? "+" : "";
  return `${prefix}${"•".repeat(Math.max(0, hidden - prefix.length))}${visible}`;
}
