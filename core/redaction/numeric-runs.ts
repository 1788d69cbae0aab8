/** A stretch of text that stands for digits: written digits, or number words as spoken. */
export interface NumericToken {
  readonly start: number;
  readonly end: number;
  /** The ASCII digits it stands for: "4111", or "41" for "forty one". */
  readonly digits: string;
  /** True for number words ("four", "oh", "forty-one", "double seven"). */
  readonly spoken: boolean;
}

const UNITS: Readonly<Record<string, string>> = {
  zero: "0",
  oh: "0",
  o: "0",
  nought: "0",
  naught: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
};
const TEENS: Readonly<Record<string, string>> = {
  ten: "10",
  eleven: "11",
  twelve: "12",
  thirteen: "13",
  fourteen: "14",
  fifteen: "15",
  sixteen: "16",
  seventeen: "17",
  eighteen: "18",
  nineteen: "19",
};
const TENS: Readonly<Record<string, string>> = {
  twenty: "2",
  thirty: "3",
  forty: "4",
  fourty: "4",
  fifty: "5",
  sixty: "6",
  seventy: "7",
  eighty: "8",
  ninety: "9",
};
const REPEATS: Readonly<Record<string, number>> = { double: 2, triple: 3 };

const alternatives = (words: Readonly<Record<string, unknown>>) =>
  Object.keys(words)
    .sort((a, b) => b.length - a.length)
    .join("|");
const NONZERO_UNITS = Object.keys(UNITS)
  .filter((word) => UNITS[word] !== "0")
  .join("|");
// Written digits (ASCII and the full-width ones East Asian keyboards type), or one number
// word standing alone between non-letters: "forty one", "double 7", "oh". Groups:
// 1 repeat word, 2 repeated digit, 3 tens word, 4 its unit, 5 teen or unit word.
const TOKEN = new RegExp(
  [
    "[0-9\\uFF10-\\uFF19]+",
    `(?<!\\p{L})(?:(${alternatives(REPEATS)})[ -]+(${alternatives(UNITS)}|[0-9](?![0-9]))` +
      `|(${alternatives(TENS)})(?:[ -]+(${NONZERO_UNITS}))?` +
      `|(${alternatives(TEENS)}|${alternatives(UNITS)}))(?!\\p{L})`,
  ].join("|"),
  "giu",
);
// What may stand between two digit groups of one number as people write it: nothing
// more than a single space or dash ("4111 1111-1111").
const TIGHT_GAP = /^[ \u00a0-]?$/;
// What may stand between spoken digits as speech recognisers punctuate them ("four one
// one one, one one one one", "4111. 1111"): a comma or full stop before whitespace, or
// a dash with spaces around it.
const LOOSE_GAP = /^(?:\s*[-\u2013]\s*|[,.;:]?\s+)$/u;

/** The digits one number word stands for, or undefined when it is not one. */
export function digitsOfWord(word: string): string | undefined {
  const lower = word.toLowerCase();
  return UNITS[lower] ?? TEENS[lower] ?? (TENS[lower] ? `${TENS[lower]}0` : undefined);
}

/**
 * The text's numbers as runs of tokens that read as one number. Two neighbouring tokens
 * join when at most a single space or dash parts them, or, where a number word is one of
 * them or both are groups of four digits (a card read out in fours), when a comma or full
 * stop and whitespace, or a spaced dash, parts them. Anything else (a letter word, "and",
 * a comma without a space as in "1,299") ends the run.
 */
export function numericRuns(text: string): NumericToken[][] {
  const runs: NumericToken[][] = [];
  let run: NumericToken[] = [];
  for (const token of numericTokens(text)) {
    const last = run.at(-1);
    if (last && !joins(last, token, text.slice(last.end, token.start))) {
      runs.push(run);
      run = [];
    }
    run.push(token);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

function joins(left: NumericToken, right: NumericToken, gap: string): boolean {
  if (TIGHT_GAP.test(gap)) return true;
  if (!LOOSE_GAP.test(gap)) return false;
  return left.spoken || right.spoken || (left.digits.length === 4 && right.digits.length === 4);
}

function* numericTokens(text: string): Generator<NumericToken> {
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    const end = start + match[0].length;
    const [, repeat, repeated, tens, tensUnit, single] = match;
    if (repeat !== undefined && repeated !== undefined) {
      const digit = UNITS[repeated.toLowerCase()] ?? repeated;
      yield { start, end, digits: digit.repeat(REPEATS[repeat.toLowerCase()] ?? 1), spoken: true };
    } else if (tens !== undefined) {
      const unit = tensUnit === undefined ? "0" : (UNITS[tensUnit.toLowerCase()] ?? "0");
      yield { start, end, digits: `${TENS[tens.toLowerCase()] ?? ""}${unit}`, spoken: true };
    } else if (single !== undefined) {
      yield { start, end, digits: digitsOfWord(single) ?? "", spoken: true };
    } else {
      yield { start, end, digits: asciiDigits(match[0]), spoken: false };
    }
  }
}

function asciiDigits(written: string): string {
  // Full-width digits sit at U+FF10–U+FF19, in order.
  return written.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
