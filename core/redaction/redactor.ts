/** What a redaction replaced a match with, so the agent sees that something was there. */
export const REDACTED = {
  card: "[card number removed]",
  nationalId: "[id number removed]",
  custom: "[removed]",
} as const;

// Digits with at most one space or dash between them; lookarounds instead of \b so that
// "card4111..." is caught too.
const DIGIT_RUN = /(?<!\d)\d(?:[ -]?\d)*(?!\d)/g;
// US social security numbers (123-45-6789, also spaced) and UK National Insurance numbers
// (AB 12 34 56 C; prefix letters D, F, I, Q, U, V never occur, O never second).
const NATIONAL_IDS: readonly RegExp[] = [
  /(?<!\d)\d{3}[- ]\d{2}[- ]\d{4}(?!\d)/g,
  /\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/gi,
];

/** Removes card numbers, national ids and configured patterns from text before it leaves. */
export class Redactor {
  readonly #custom: readonly RegExp[];

  /** `patterns` are regular-expression sources from configuration (already validated). */
  constructor(patterns: readonly string[] = []) {
    this.#custom = patterns.map((source) => new RegExp(source, "g"));
  }

  redact(text: string): string {
    let out = text;
    for (const pattern of this.#custom) out = out.replace(pattern, REDACTED.custom);
    for (const pattern of NATIONAL_IDS) out = out.replace(pattern, REDACTED.nationalId);
    return out.replace(DIGIT_RUN, (run) => (containsCardNumber(run) ? REDACTED.card : run));
  }
}

/**
 * True when the run, or a stretch of its separator-delimited groups ("9 4111 1111 1111 1111"),
 * is 13–19 digits and passes the Luhn check. A group longer than 19 digits has each of its
 * 13–19 digit stretches checked, since a card may hide inside it. Stretches that cut through
 * a written group are not checked: any 16 random digits would too often hold one that passes.
 */
export function containsCardNumber(run: string): boolean {
  const groups = run.split(/[ -]/);
  for (let first = 0; first < groups.length; first += 1) {
    let digits = "";
    for (let last = first; last < groups.length && digits.length <= 19; last += 1) {
      digits += groups[last] ?? "";
      if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
    }
    const group = groups[first] ?? "";
    if (group.length > 19 && anyStretchValid(group)) return true;
  }
  return false;
}

function anyStretchValid(digits: string): boolean {
  for (let length = 13; length <= 19; length += 1) {
    for (let start = 0; start + length <= digits.length; start += 1) {
      if (luhnValid(digits.slice(start, start + length))) return true;
    }
  }
  return false;
}

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
