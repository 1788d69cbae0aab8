import * as z from "zod";
import { patternProblem, type RedactionSettings } from "../core/redaction/redactor.ts";

// Shared schemas for redaction settings, so every function that redacts reads them alike.

/** A JSON array of regular-expression sources; each must compile and match something. */
export const redactPatterns = z.preprocess(
  (v) => (v === undefined || v === "" ? "[]" : v),
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a JSON array of strings" });
        return z.NEVER;
      }
    })
    .pipe(z.array(z.string().min(1)))
    .superRefine((sources, ctx) => {
      for (const source of sources) {
        const problem = patternProblem(source);
        if (problem) ctx.addIssue({ code: "custom", message: `pattern ${source}: ${problem}` });
      }
    }),
);

const KINDS = ["card-numbers", "national-ids", "patterns"] as const;
type RedactionKindName = (typeof KINDS)[number];

/**
 * What to redact, as a comma-separated list of `card-numbers`, `national-ids` and
 * `patterns` (the configured ones), or `none`. Blank or unset means `fallback`.
 */
export function redactionKinds(fallback: readonly RedactionKindName[]) {
  return z.preprocess(
    (v) => (v === undefined || v === "" ? fallback.join(",") || "none" : v),
    z
      .string()
      .transform((text) => text.split(",").map((name) => name.trim().toLowerCase()))
      .superRefine((names, ctx) => {
        const unknown = names.filter((name) => name !== "none" && !isKind(name));
        if (unknown.length > 0) {
          const expected = `${KINDS.join(", ")} or none`;
          ctx.addIssue({
            code: "custom",
            message: `unknown ${unknown.join(", ")}: expected ${expected}`,
          });
        } else if (names.includes("none") && names.length > 1) {
          ctx.addIssue({ code: "custom", message: "none cannot be combined with other kinds" });
        }
      })
      .transform((names) => new Set(names.filter(isKind))),
  );
}

function isKind(name: string): name is RedactionKindName {
  return (KINDS as readonly string[]).includes(name);
}

/** The settings a set of kinds names, with the configured patterns when `patterns` is one. */
export function redactionSettings(
  kinds: ReadonlySet<string>,
  patterns: readonly string[],
): RedactionSettings {
  return Object.freeze({
    cardNumbers: kinds.has("card-numbers"),
    nationalIds: kinds.has("national-ids"),
    patterns: Object.freeze(kinds.has("patterns") ? [...patterns] : []),
  });
}
