import fc from "fast-check";
import { luhnValid } from "../../core/redaction/card-numbers.ts";
import { digitsOfWord } from "../../core/redaction/numeric-runs.ts";

// fast-check arbitraries for redaction tests: card numbers, national ids and the text
// around them, as customers type them and speech recognisers write them down.

// Issuer prefixes as the schemes hand them out (Visa, Mastercard, Amex, Discover, JCB,
// UnionPay), and any digit, so the rule is not tied to known issuers.
const PREFIXES = ["4", "51", "55", "2221", "2720", "34", "37", "6011", "65", "35", "62"];

/** The digit that makes `body` pass the Luhn check. */
export function checkDigitFor(body: string): string {
  for (let check = 0; check <= 9; check += 1) {
    if (luhnValid(`${body}${check}`)) return String(check);
  }
  throw new Error("unreachable: one check digit always fits");
}

const digitString = (minLength: number, maxLength: number) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength, maxLength })
    .map((digits) => digits.join(""));

/** A Luhn-valid card number of `minLength`–`maxLength` (13–19) digits with an IIN-like prefix. */
export const cardDigits = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc
    .tuple(
      fc.oneof(fc.constantFrom(...PREFIXES), digitString(1, 1)),
      fc.integer({ min: options.minLength ?? 13, max: options.maxLength ?? 19 }),
      digitString(18, 18),
    )
    .map(([prefix, length, filler]) => {
      const body = `${prefix}${filler}`.slice(0, length - 1);
      return `${body}${checkDigitFor(body)}`;
    });

/** A card number with its check digit changed: the Luhn check fails. */
export const wrongCheckDigits = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc.tuple(cardDigits(options), fc.integer({ min: 1, max: 9 })).map(([digits, shift]) => {
    const last = (Number(digits.at(-1)) + shift) % 10;
    return `${digits.slice(0, -1)}${last}`;
  });

/** The digits cut into groups of 1–6 with single spaces, dashes or nothing between them. */
export const writtenNumber = (digits: string) =>
  fc
    .array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.constantFrom("", " ", "-", "\u00a0")), {
      minLength: 19,
      maxLength: 19,
    })
    .map((cuts) => {
      let text = "";
      let at = 0;
      for (const [size, separator] of cuts) {
        if (at >= digits.length) break;
        text += (at > 0 ? separator : "") + digits.slice(at, at + size);
        at += size;
      }
      return text;
    });

const UNIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const TEEN_WORDS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"];
const TEENS = [...TEEN_WORDS, "seventeen", "eighteen", "nineteen"];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const SPOKEN_GAPS = [" ", " ", ", ", ". ", " - ", "-"];

/**
 * The digits as a speech recogniser might write them: digit by digit in words ("oh" or
 * "zero" for 0), as digits, as pairs ("forty one", "eleven"), or "double"/"triple" runs,
 * with spaces, commas, full stops or dashes between, in any case.
 */
export const spokenNumber = (digits: string) =>
  fc
    .array(fc.tuple(fc.nat(9), fc.nat(5), fc.boolean()), {
      minLength: digits.length,
      maxLength: digits.length,
    })
    .map((choices) => {
      const tokens: { text: string; written: boolean; gap: string }[] = [];
      let at = 0;
      for (const [how, gap, upper] of choices) {
        if (at >= digits.length) break;
        const [word, used] = speak(digits.slice(at), how);
        const written = /^\d/.test(word);
        const previous = tokens.at(-1);
        // Two written groups need a tight gap to read as one number (numericRuns).
        const tight = written && previous?.written === true;
        tokens.push({
          text: upper ? word.toUpperCase() : word,
          written,
          gap: tight ? " " : (SPOKEN_GAPS[gap] ?? " "),
        });
        at += used;
      }
      return tokens
        .map((token, i) => (i === 0 ? token.text : `${token.gap}${token.text}`))
        .join("");
    });

/** One spoken token for the start of `rest`, and how many digits it stands for. */
function speak(rest: string, how: number): [string, number] {
  const first = Number(rest[0]);
  const second = rest.length > 1 ? Number(rest[1]) : undefined;
  const unit = first === 0 && how % 2 === 0 ? "oh" : (UNIT_WORDS[first] ?? "");
  // Not a bare "twenty" for 2, 0: before "five" it would read as 25, as it would to a person.
  if (how === 7 && second !== undefined && second > 0 && first >= 2) {
    return [`${TENS[first]}${gap(second)}${UNIT_WORDS[second]}`, 2];
  }
  if (how === 8 && second !== undefined && first === 1) return [TEENS[second] ?? "", 2];
  if (how === 9 && second === first) {
    const triple = rest[2] === rest[0];
    return [`${triple ? "triple" : "double"} ${unit}`, triple ? 3 : 2];
  }
  if (how === 6) return [rest.slice(0, 4), Math.min(4, rest.length)];
  return [unit, 1];
}

/** A word of letters that is not a number word, so it cannot join a number. */
export const word = fc
  .stringMatching(/^[A-Za-z]{1,12}$/)
  .filter((w) => digitsOfWord(w) === undefined && !/^(double|triple)$/i.test(w));

/** Words and punctuation, with no digits and no number words. */
export const prose = fc
  .array(fc.oneof(word, word, word, fc.constantFrom(",", ".", "!", "?", "(", ")")), {
    maxLength: 30,
  })
  .map((words) => words.join(" "));

/** A US Social Security number the SSA could issue, with dashes or spaces. */
export const ssn = fc
  .tuple(
    fc.integer({ min: 1, max: 899 }).filter((area) => area !== 666),
    fc.integer({ min: 1, max: 99 }),
    fc.integer({ min: 1, max: 9999 }),
    fc.constantFrom("-", " "),
  )
  .map(
    ([area, group, serial, sep]) => `${pad(area, 3)}${sep}${pad(group, 2)}${sep}${pad(serial, 4)}`,
  );

const NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ";
const NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ";
const UNALLOCATED = new Set(["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]);

/** A UK National Insurance number HMRC could allocate, in any case, spaced or not. */
export const nino = fc
  .tuple(
    fc.constantFrom(...NINO_FIRST),
    fc.constantFrom(...NINO_SECOND),
    digitString(6, 6),
    fc.constantFrom("A", "B", "C", "D"),
    fc.boolean(),
    fc.boolean(),
  )
  .filter(([first, second]) => !UNALLOCATED.has(`${first}${second}`))
  .map(([first, second, digits, suffix, spaced, lower]) => {
    const sep = spaced ? " " : "";
    const pairs = digits.match(/../g)?.join(sep) ?? digits;
    const text = `${first}${second}${sep}${pairs}${sep}${suffix}`;
    return lower ? text.toLowerCase() : text;
  });

function gap(seed: number): string {
  return seed % 2 === 0 ? " " : "-";
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}
