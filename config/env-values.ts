import * as z from "zod";
import { pacingTable } from "./connect-quotas.ts";

// Shared schemas for environment values. infra/ may render an absent setting as "", so an
// empty variable counts as unset everywhere.
export const blankIsUnset = (value: unknown) => (value === "" ? undefined : value);

/** An unset variable's problem reads "NAME: is required"; other problems keep zod's words. */
const required = {
  error: (issue: { input: unknown }) => (issue.input === undefined ? "is required" : undefined),
};

export const optionalText = z.preprocess(blankIsUnset, z.string().min(1).optional());

/** Text that must be set (and not blank). */
export const requiredText = z.preprocess(blankIsUnset, z.string(required).min(1));

/** The key that seals chat tokens at rest: 32 bytes, base64. Resume and the relay share it. */
export const tokenKey = z
  .string(required)
  .transform((value) => Buffer.from(value, "base64"))
  .refine((key) => key.length === 32, { message: "must be 32 bytes, base64-encoded" });

export const optionalUrl = z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/ }).optional());

/** An http(s) origin without its trailing slash, so a path can follow it. */
export const origin = z.preprocess(
  blankIsUnset,
  z.url({ protocol: /^https?$/, ...required }).transform((url) => url.replace(/\/+$/, "")),
);

export const optionalOrigin = z.preprocess(
  blankIsUnset,
  z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
);

/** A whole number of something, written as text; blank means the default. */
export function integer(range: { min: number; max: number; default: number }) {
  return z.preprocess(
    blankIsUnset,
    z.coerce.number().int().min(range.min).max(range.max).default(range.default),
  );
}

/** A positive number (a rate, a duration), written as text; blank means the default. */
export function positiveNumber(range: { max?: number; default: number }) {
  const positive = z.coerce.number().positive();
  return z.preprocess(
    blankIsUnset,
    (range.max === undefined ? positive : positive.max(range.max)).default(range.default),
  );
}

/** One of `options`; blank means the first. */
export function oneOf<const T extends readonly [string, ...string[]]>(options: T) {
  return z.preprocess(blankIsUnset, z.enum(options).default(options[0] as T[0]));
}

/** Where the call's words come from (DEFLECT_TRANSCRIPT_SOURCE). */
export const transcriptSource = oneOf(["transcribe", "contact-lens", "none"]);

/** The Connect quotas to pace to (DEFLECT_CONNECT_QUOTAS), over the defaults. */
export const connectQuotas = optionalText.transform((value, ctx) => {
  try {
    return pacingTable(value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : "invalid" });
    return z.NEVER;
  }
});
