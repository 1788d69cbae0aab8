import type { TextSpan } from "./text-span.ts";

/**
 * Why an operator's pattern cannot be used, or undefined when it can. A pattern is a
 * JavaScript regular-expression source, compiled with the `g` flag only (so it is
 * case-sensitive unless written otherwise); one that matches empty text would mark
 * nothing while seeming to work, so it is refused too.
 */
export function patternProblem(source: string): string | undefined {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source);
  } catch (error) {
    return error instanceof Error ? error.message : "is not a regular expression";
  }
  return pattern.test("") ? "matches empty text" : undefined;
}

/** Compiles patterns that passed {@link patternProblem}; throws SyntaxError on one that did not. */
export function compilePatterns(sources: readonly string[]): readonly RegExp[] {
  return sources.map((source) => new RegExp(source, "g"));
}

/** Where any of the compiled patterns matches; empty matches are skipped. */
export function patternSpans(text: string, patterns: readonly RegExp[]): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      if (match[0].length === 0) continue;
      spans.push({ start: match.index, end: match.index + match[0].length });
    }
  }
  return spans;
}
