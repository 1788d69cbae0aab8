import { FRAME_SECONDS } from "./audio-features.ts";
import type { MatchHypothesis } from "./match-hypothesis.ts";

/** One word or punctuation mark of a result; times are spread over the utterance (approximate). */
export interface RecognizedItem {
  readonly content: string;
  readonly type: "pronunciation" | "punctuation";
  readonly startSeconds: number;
  readonly endSeconds: number;
}

/** A partial or final result, with times in seconds from the start of the stream. */
export interface RecognitionResult {
  /** The same for the partial results and the final result of one utterance. */
  readonly resultId: string;
  readonly isPartial: boolean;
  readonly startSeconds: number;
  readonly endSeconds: number;
  readonly transcript: string;
  readonly languageCode: string;
  readonly utteranceId: string;
  readonly items: readonly RecognizedItem[];
}

/**
 * A result for a hypothesis: a partial holds the words heard so far, a final all of them, and
 * a final `cutShort` (the audio ended mid-utterance) the words heard, as Transcribe finalizes
 * what it has when a stream ends.
 */
export function buildResult(input: {
  hypothesis: MatchHypothesis;
  resultId: string;
  isPartial: boolean;
  heardUntil: number;
  cutShort?: boolean;
}): RecognitionResult {
  const { hypothesis } = input;
  const isPartial = input.isPartial;
  const heardOnly = isPartial || input.cutShort === true;
  const { template } = hypothesis;
  const at = (seconds: number) => round(hypothesis.streamSeconds(seconds, FRAME_SECONDS));
  const items = template.tokens
    .map((token) => ({
      content: token.content,
      type: token.type,
      startSeconds: at(token.startSeconds),
      endSeconds: at(token.endSeconds),
    }))
    .filter((item) => !heardOnly || item.endSeconds <= input.heardUntil + 1e-9);
  return {
    resultId: input.resultId,
    isPartial,
    startSeconds: at(template.startSeconds),
    endSeconds: heardOnly
      ? (items[items.length - 1]?.endSeconds ?? at(template.startSeconds))
      : at(template.endSeconds),
    transcript: heardOnly ? joinTokens(items) : template.text.trim().replace(/\s+/gu, " "),
    languageCode: template.languageCode,
    utteranceId: template.id,
    items,
  };
}

function joinTokens(items: readonly RecognizedItem[]): string {
  return items.reduce(
    (text, item) =>
      item.type === "punctuation" || text === "" ? text + item.content : `${text} ${item.content}`,
    "",
  );
}

function round(seconds: number): number {
  return Math.max(0, Math.round(seconds * 1000) / 1000);
}
