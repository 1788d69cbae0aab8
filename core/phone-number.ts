import { type CountryCode, parsePhoneNumberWithError } from "libphonenumber-js/max";
import { AnonymousCallerError, InvalidPhoneNumberError } from "./errors.ts";

/** A phone number in E.164 form, e.g. "+447700900123". */
export type E164 = string & { readonly __brand: "E164" };

// What carriers and Connect put in CustomerEndpoint.Address when the caller withholds it.
const ANONYMOUS_MARKERS = new Set(["anonymous", "restricted", "private", "unknown", "unavailable"]);

/**
 * Normalises a caller number to E.164. Throws AnonymousCallerError for a withheld number
 * and InvalidPhoneNumberError for anything that is not a valid, dialable number.
 */
export function toE164(raw: string | null | undefined, defaultCountry?: CountryCode): E164 {
  const trimmed = (raw ?? "").trim();
  if (trimmed === "" || ANONYMOUS_MARKERS.has(trimmed.toLowerCase().replace(/[^a-z]/g, ""))) {
    throw new AnonymousCallerError();
  }
  let parsed: ReturnType<typeof parsePhoneNumberWithError>;
  try {
    parsed = parsePhoneNumberWithError(trimmed, defaultCountry ? { defaultCountry } : {});
  } catch (cause) {
    throw new InvalidPhoneNumberError(`"${mask(trimmed)}" is not a phone number`, { cause });
  }
  if (!parsed.isValid()) {
    throw new InvalidPhoneNumberError(`"${mask(trimmed)}" is not a valid phone number`);
  }
  return parsed.number as E164;
}

export function isE164(value: string): value is E164 {
  return /^\+[1-9]\d{6,14}$/.test(value);
}

/** Masks all but the last four digits, for logs and error messages. */
export function maskPhoneNumber(value: string): string {
  return mask(value);
}

function mask(value: string): string {
  const digits = value.replace(/\D/g, "");
  if (digits.length <= 4) return "*".repeat(digits.length);
  return `${value.startsWith("+") ? "+" : ""}${"*".repeat(digits.length - 4)}${digits.slice(-4)}`;
}
