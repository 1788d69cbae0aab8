import { type NumericToken, numericRuns } from "./numeric-runs.ts";
import type { TextSpan } from "./text-span.ts";

// Payment card numbers (PANs) are 13 to 19 digits long (ISO/IEC 7812-1).
const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

/**
 * Where the text holds a card number. The rule: a run of digits and number words that
 * read as one number (see numericRuns: "4111 1111-1111 1111", "card4111111111111111",
 * "four one one one, one one one one …", "forty one eleven …", "oh" for zero) is removed
 * whole when a stretch of its groups, or of one group longer than 19 digits, is 13–19
 * digits that pass the Luhn check. A group is a written group of digits, or a phrase of
 * number words with only whitespace between them (a pause, written as a comma, full
 * stop or dash, ends a phrase).
 */
export function cardNumberSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const run of numericRuns(text)) {
    const first = run[0];
    const last = run.at(-1);
    if (!first || !last) continue;
    const groups = cardGroups(text, run);
    if (groups.join("").length < MIN_DIGITS || !groupsHoldCard(groups)) continue;
    spans.push({ start: first.start, end: last.end });
  }
  return spans;
}

// Spoken digits are grouped by phrase, not word by word: with a group per word, the many
// ways to cut 16 spoken digits would find a Luhn-valid stretch in most of them.
function cardGroups(text: string, run: readonly NumericToken[]): string[] {
  const groups: string[] = [];
  let previous: NumericToken | undefined;
  for (const token of run) {
    const phrase =
      previous?.spoken && token.spoken && /^\s+$/.test(text.slice(previous.end, token.start));
    if (phrase && groups.length > 0) groups[groups.length - 1] += token.digits;
    else groups.push(token.digits);
    previous = token;
  }
  return groups;
}

/** True when the text holds a card number by the rule of {@link cardNumberSpans}. */
export function containsCardNumber(text: string): boolean {
  return cardNumberSpans(text).length > 0;
}

/**
 * A card may start and end only where a written group or a spoken word does: stretches
 * that cut through a written group are not checked, since any 16 random digits would too
 * often hold one that passes. A group longer than 19 digits cannot be a card itself, so
 * each of its 13–19 digit stretches is checked: a card may hide inside it.
 */
function groupsHoldCard(groups: readonly string[]): boolean {
  for (let first = 0; first < groups.length; first += 1) {
    let digits = "";
    for (let last = first; last < groups.length && digits.length <= MAX_DIGITS; last += 1) {
      digits += groups[last] ?? "";
      if (digits.length >= MIN_DIGITS && digits.length <= MAX_DIGITS && luhnValid(digits)) {
        return true;
      }
    }
    const group = groups[first] ?? "";
    if (group.length > MAX_DIGITS && anyStretchValid(group)) return true;
  }
  return false;
}

function anyStretchValid(digits: string): boolean {
  for (let length = MIN_DIGITS; length <= MAX_DIGITS; length += 1) {
    for (let start = 0; start + length <= digits.length; start += 1) {
      if (luhnValid(digits.slice(start, start + length))) return true;
    }
  }
  return false;
}

/** The Luhn (mod 10) check every payment card number passes; `digits` is ASCII digits only. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}
