import * as z from "zod";
import {
  connectQuotas,
  optionalText,
  optionalUrl,
  requiredText,
  tokenKey as tokenKeyValue,
} from "./env-values.ts";
import { ENV, type EnvName } from "./environment-names.ts";
import { redactPatterns as redactPatternsValue } from "./redaction-values.ts";
import { combined, setting } from "./setting.ts";

// Fields more than one function reads, declared once; each function's settings pick them.

export const region = setting(ENV.awsRegion, optionalText.default("us-east-1"));
export const tableName = setting(ENV.tableName, requiredText);
export const dynamoEndpoint = setting(ENV.dynamoEndpoint, optionalUrl);
/** Also Contact Lens's: the local emulator serves both APIs. */
export const connectEndpoint = setting(ENV.connectEndpoint, optionalUrl);
/** Defaults to the Connect endpoint: the local emulator serves both APIs. */
export const connectParticipantEndpoint = combined(
  { [ENV.connectParticipantEndpoint]: optionalUrl, [ENV.connectEndpoint]: optionalUrl },
  (e) => e[ENV.connectParticipantEndpoint] ?? e[ENV.connectEndpoint],
);
/** The Connect quotas every instance paces its calls to, together. */
export const connectPacing = setting(ENV.connectQuotas, connectQuotas);
export const tokenKey = setting(ENV.resumeTokenKey, tokenKeyValue);
export const brandName = setting(ENV.brandName, optionalText.default("Customer service"));
/** Removed from transcripts and the call context besides card numbers and national ids. */
export const redactPatterns = setting(
  ENV.redactPatterns,
  redactPatternsValue.transform((patterns): readonly string[] => Object.freeze(patterns)),
);

/** A message text a customer reads, with a default; a chat message holds at most 1,024. */
export function customerText(name: EnvName, fallback: string) {
  return setting(name, optionalText.default(fallback).pipe(z.string().max(1024)));
}
