import { cardNumberSpans } from "./card-numbers.ts";
import { compilePatterns, patternSpans } from "./custom-patterns.ts";
import { nationalIdSpans } from "./national-ids.ts";
import type { TextSpan } from "./text-span.ts";

export { containsCardNumber, luhnValid } from "./card-numbers.ts";
export { patternProblem } from "./custom-patterns.ts";

/** What a redaction replaced a match with, so the reader sees that something was there. */
export const REDACTED = {
  card: "[card number removed]",
  nationalId: "[id number removed]",
  custom: "[removed]",
} as const;

type RedactionKind = keyof typeof REDACTED;

/** What a redactor removes. */
export interface RedactionSettings {
  /** Luhn-valid card numbers, written or spoken (see cardNumberSpans). */
  readonly cardNumbers: boolean;
  /** US Social Security and UK National Insurance numbers (see nationalIdSpans). */
  readonly nationalIds: boolean;
  /** Regular-expression sources from configuration, checked with patternProblem. */
  readonly patterns: readonly string[];
}

/** Everything the redactor knows, with no operator patterns: the default. */
export const FULL_REDACTION: RedactionSettings = Object.freeze({
  cardNumbers: true,
  nationalIds: true,
  patterns: Object.freeze([]),
});

// Where two matches overlap, the one that says more about what was there names the span.
const PRIORITY: Readonly<Record<RedactionKind, number>> = { card: 3, nationalId: 2, custom: 1 };
const PLACEHOLDER = new RegExp(
  Object.values(REDACTED)
    .map((text) => text.replace(/[[\]]/g, "\\$&"))
    .join("|"),
  "g",
);

interface KindSpan extends TextSpan {
  readonly kind: RedactionKind;
}

/** Removes card numbers, national ids and configured patterns from text before it is stored or sent. */
export class Redactor {
  readonly #settings: RedactionSettings;
  readonly #patterns: readonly RegExp[];

  /**
   * Omitted settings take FULL_REDACTION's. An array is shorthand for `{ patterns }` with
   * everything else on. Patterns must have passed patternProblem (config does that).
   */
  constructor(settings: Partial<RedactionSettings> | readonly string[] = {}) {
    const given = isPatternList(settings) ? { patterns: settings } : settings;
    this.#settings = Object.freeze({ ...FULL_REDACTION, ...given });
    this.#patterns = compilePatterns(this.#settings.patterns);
  }

  /** What this redactor removes. */
  get settings(): RedactionSettings {
    return this.#settings;
  }

  /**
   * The text with every match replaced by its REDACTED placeholder; overlapping matches
   * become one. Idempotent: redacting the result again changes nothing.
   */
  redact(text: string): string {
    // A pass can leave a match for the next: removing one match changes what stands
    // beside another (an SSN glued to the end of a NINO hides it; an operator pattern
    // cutting through a digit group regroups the digits after it). Each pass that changes
    // the text turns unprotected text into protected placeholders, so this ends.
    let out = text;
    for (let next = this.#pass(out); next !== out; next = this.#pass(out)) out = next;
    return out;
  }

  #pass(text: string): string {
    const found: KindSpan[] = [];
    const add = (kind: RedactionKind, spans: readonly TextSpan[]) => {
      for (const span of spans) found.push({ ...span, kind });
    };
    if (this.#patterns.length > 0) add("custom", patternSpans(text, this.#patterns));
    if (this.#settings.nationalIds) add("nationalId", nationalIdSpans(text));
    if (this.#settings.cardNumbers) add("card", cardNumberSpans(text));
    if (found.length === 0) return text;
    // Placeholders already in the text stay as they are, whatever a pattern says of them.
    const placeholders = [...text.matchAll(PLACEHOLDER)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
    }));
    const spans = found.filter((span) => !placeholders.some((p) => overlaps(span, p)));
    return replaceSpans(text, merged(spans));
  }
}

function isPatternList(
  settings: Partial<RedactionSettings> | readonly string[],
): settings is readonly string[] {
  return Array.isArray(settings);
}

function overlaps(a: TextSpan, b: TextSpan): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Sorted, with overlapping spans made one, named by the highest-priority kind among them. */
function merged(spans: readonly KindSpan[]): KindSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: KindSpan[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && span.start < last.end) {
      const kind = PRIORITY[span.kind] > PRIORITY[last.kind] ? span.kind : last.kind;
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, span.end), kind };
    } else {
      out.push(span);
    }
  }
  return out;
}

function replaceSpans(text: string, spans: readonly KindSpan[]): string {
  let out = "";
  let from = 0;
  for (const span of spans) {
    out += text.slice(from, span.start) + REDACTED[span.kind];
    from = span.end;
  }
  return out + text.slice(from);
}
