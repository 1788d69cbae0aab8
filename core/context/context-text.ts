import type { CallContext, CallerWords } from "./call-context.ts";

/** How the channels are named to agents. */
const CHANNEL_NAMES: Readonly<Record<CallContext["channel"], string>> = {
  sms: "SMS",
  whatsapp: "WhatsApp",
  messenger: "Facebook Messenger",
  x: "X direct message",
  telegram: "Telegram",
  line: "LINE",
};

/**
 * The context as plain text for the agent, in the order an agent reads it: who and where
 * from, what the IVR learned, then the caller's own words.
 */
export function contextText(context: CallContext): string {
  const lines = [
    `Moved from a phone call in the ${context.queue} queue to ${CHANNEL_NAMES[context.channel]} (${context.maskedHandle}).`,
  ];
  if (context.offeredWaitSeconds !== undefined) {
    lines.push(`Estimated wait when offered: ${formatDuration(context.offeredWaitSeconds)}.`);
  }
  if (context.languageCode) lines.push(`Language: ${context.languageCode}.`);
  lines.push("", "IVR answers:");
  if (context.ivrAnswers.length === 0) lines.push("- none recorded");
  for (const answer of context.ivrAnswers)
    lines.push(`- ${answer.label}: ${oneLine(answer.value)}`);
  lines.push("", "In the caller's words:", callerWordsText(context));
  return lines.join("\n");
}

/** Only the caller's words, one utterance a line with its time in the call. */
export function callerWordsText(
  context: Pick<CallContext, "callerWords" | "wordsLeftOut" | "transcriptUnavailable">,
): string {
  if (context.transcriptUnavailable) return "- the call's transcript could not be read";
  if (context.callerWords.length === 0) return "- nothing was captured from the call";
  const lines = context.callerWords.map((words) => `${formatOffset(words)} ${words.text}`);
  if (context.wordsLeftOut > 0) {
    const count = context.wordsLeftOut;
    lines.unshift(`(${count} earlier ${count === 1 ? "utterance" : "utterances"} left out)`);
  }
  return lines.join("\n");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function formatOffset(words: CallerWords): string {
  const total = Math.max(0, Math.floor(words.offsetMs / 1000));
  return `[${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}]`;
}

function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  return minutes >= 1 ? `${minutes} min` : `${Math.round(seconds)} s`;
}
