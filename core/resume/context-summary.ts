import type { TranscriptSegment } from "../ports/transcript-source.ts";
import type { Redactor } from "../redaction/redactor.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import { MAX_MESSAGE_CHARS, splitMessage } from "./split-message.ts";

export interface ContextSummaryInput {
  readonly session: DeflectionSession;
  readonly segments: readonly TranscriptSegment[];
  readonly redactor: Redactor;
  /** Only the latest transcript lines up to this many characters are kept (default 6,000). */
  readonly maxTranscriptChars?: number;
  readonly maxPartChars?: number;
}

const ROLE_NAMES: Readonly<Record<TranscriptSegment["participant"], string>> = {
  CUSTOMER: "Customer",
  AGENT: "Agent",
  SYSTEM: "System",
};

/**
 * The call's context for the agent as markdown, redacted, in ordered parts that each fit
 * one chat message. Redaction runs on the whole text before it is split, so a card number
 * cannot escape by straddling two parts.
 */
export function contextSummaryParts(input: ContextSummaryInput): string[] {
  const markdown = input.redactor.redact(contextMarkdown(input));
  return splitMessage(markdown, input.maxPartChars ?? MAX_MESSAGE_CHARS);
}

/** The unredacted markdown; only contextSummaryParts' output may leave the service. */
export function contextMarkdown(input: ContextSummaryInput): string {
  const { session } = input;
  const lines = [
    "**Call context**",
    `- Voice contact: ${session.voiceContactId}`,
    `- Channel: ${session.channel}`,
    `- Queue: ${session.queueId}`,
  ];
  if (session.offeredWaitSeconds !== undefined) {
    lines.push(`- Estimated wait when offered: ${formatDuration(session.offeredWaitSeconds)}`);
  }
  const answers = Object.entries(session.contextAttributes);
  lines.push("", "**IVR path**");
  if (answers.length === 0) lines.push("- (no answers recorded)");
  for (const [key, value] of answers) lines.push(`- ${oneLine(key)}: ${oneLine(value)}`);
  lines.push("", "**Call transcript**");
  lines.push(...transcriptLines(input.segments, input.maxTranscriptChars ?? 6000));
  return lines.join("\n");
}

function transcriptLines(segments: readonly TranscriptSegment[], maxChars: number): string[] {
  if (segments.length === 0) return ["- (no transcript captured)"];
  const lines: string[] = [];
  let used = 0;
  // Newest first while within budget, so a long call keeps its end, where the need is.
  for (let i = segments.length - 1; i >= 0; i -= 1) {
    const segment = segments[i];
    if (!segment) continue;
    const line = `- ${formatOffset(segment.offsetMs)} ${ROLE_NAMES[segment.participant]}: ${oneLine(segment.text)}`;
    if (used + line.length > maxChars && lines.length > 0) {
      lines.unshift(`- (${i + 1} earlier lines left out)`);
      break;
    }
    lines.unshift(line);
    used += line.length + 1;
  }
  return lines;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function formatOffset(offsetMs: number): string {
  const total = Math.max(0, Math.floor(offsetMs / 1000));
  const seconds = String(total % 60).padStart(2, "0");
  return `[${Math.floor(total / 60)}:${seconds}]`;
}

function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  return minutes >= 1 ? `${minutes} min` : `${Math.round(seconds)} s`;
}
