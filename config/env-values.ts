import * as z from "zod";
import { pacingTable } from "./connect-quotas.ts";

// Shared schemas for environment values. infra/ may render an absent setting as "", so an
// empty variable counts as unset everywhere.
const blankIsUnset = (value: unknown) => (value === "" ? undefined : value);

export const optionalText = z.preprocess(blankIsUnset, z.string().min(1).optional());

/** The key that seals chat tokens at rest: 32 bytes, base64. Resume and the relay share it. */
export const tokenKey = z
  .string()
  .transform((value) => Buffer.from(value, "base64"))
  .refine((key) => key.length === 32, { message: "must be 32 bytes, base64-encoded" });

export const optionalUrl = z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/ }).optional());

/** Where the call's words come from (DEFLECT_TRANSCRIPT_SOURCE). */
export const transcriptSource = z.preprocess(
  blankIsUnset,
  z.enum(["transcribe", "contact-lens", "none"]).default("transcribe"),
);

/** The Connect quotas to pace to (DEFLECT_CONNECT_QUOTAS), over the defaults. */
export const connectQuotas = optionalText.transform((value, ctx) => {
  try {
    return pacingTable(value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : "invalid" });
    return z.NEVER;
  }
});
