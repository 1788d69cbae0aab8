/** One token of an utterance's text, with approximate times in the utterance's own audio. */
export interface TimedToken {
  readonly content: string;
  readonly type: "pronunciation" | "punctuation";
  readonly startSeconds: number;
  readonly endSeconds: number;
}

/** A stretch of sound in the audio (seconds), between pauses. */
export interface SoundRun {
  readonly startSeconds: number;
  readonly endSeconds: number;
}

interface Token {
  readonly content: string;
  readonly type: "pronunciation" | "punctuation";
  /** A phrase ends after this token (a comma, a full stop…). */
  readonly phraseEnd: boolean;
}

const PUNCTUATION = /^[,.;:!?¿¡"“”«»()…]+$/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const word of text.split(/\s+/u)) {
    if (word.length === 0) continue;
    const match = /^(.*?)([,.;:!?"“”»)…]*)$/u.exec(word);
    const body = match?.[1] ?? word;
    const tail = match?.[2] ?? "";
    if (body.length > 0 && !PUNCTUATION.test(body)) {
      tokens.push({ content: body, type: "pronunciation", phraseEnd: false });
    }
    for (const mark of tail) {
      tokens.push({ content: mark, type: "punctuation", phraseEnd: /[,.;:!?…]/u.test(mark) });
    }
  }
  return tokens;
}

/**
 * Spreads the words over the audio. espeak pauses at commas and sentence ends, so when the
 * text has as many phrases as the audio has runs of sound, each phrase gets its run; words
 * inside a run share its time by their length. The times are approximate by construction.
 */
export function spreadWords(text: string, runs: readonly SoundRun[]): TimedToken[] {
  const tokens = tokenize(text);
  if (runs.length === 0) return [];
  const phrases: Token[][] = [[]];
  for (const token of tokens) {
    (phrases[phrases.length - 1] as Token[]).push(token);
    if (token.phraseEnd) phrases.push([]);
  }
  const spoken = phrases.filter((phrase) => phrase.some((t) => t.type === "pronunciation"));
  const first = runs[0] as SoundRun;
  const last = runs[runs.length - 1] as SoundRun;
  if (spoken.length !== runs.length) {
    return placeTokens(tokens, first.startSeconds, last.endSeconds);
  }
  const timed: TimedToken[] = [];
  for (const phrase of phrases) {
    const run = runs[spoken.indexOf(phrase)];
    // A phrase of punctuation alone sits where the previous one ended.
    const at = timed[timed.length - 1]?.endSeconds ?? first.startSeconds;
    timed.push(...placeTokens(phrase, run?.startSeconds ?? at, run?.endSeconds ?? at));
  }
  return timed;
}

function placeTokens(
  tokens: readonly Token[],
  startSeconds: number,
  endSeconds: number,
): TimedToken[] {
  const weight = (token: Token) => (token.type === "pronunciation" ? token.content.length + 1 : 0);
  const total = tokens.reduce((sum, token) => sum + weight(token), 0) || 1;
  const span = Math.max(0, endSeconds - startSeconds);
  const timed: TimedToken[] = [];
  let at = startSeconds;
  for (const token of tokens) {
    const duration = (span * weight(token)) / total;
    // Punctuation takes no time: it sits at the end of the word before it.
    timed.push({
      content: token.content,
      type: token.type,
      startSeconds: at,
      endSeconds: at + duration,
    });
    at += duration;
  }
  return timed;
}
