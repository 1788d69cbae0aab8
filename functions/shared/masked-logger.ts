import { Logger } from "@aws-lambda-powertools/logger";
import { maskPhoneNumber } from "../../core/phone-number.ts";

/**
 * Powertools' Logger for one function (or process), whose every line passes `maskHandles`:
 * the structured keys, the messages, and the errors Powertools serializes (message, stack,
 * cause and any field an SDK put on them) alike.
 */
export function maskedLogger(serviceName: string): Logger {
  return new Logger({ serviceName, jsonReplacerFn: maskHandles });
}

// Keys whose value is a customer's handle on some channel (a phone number, a page-scoped id,
// an X or LINE user id): masked whole, whatever its shape.
const HANDLE_KEYS: ReadonlySet<string> = new Set([
  "handle",
  "customerNumber",
  "phoneNumber",
  "recipient",
  "address",
]);

// A phone number in any text, as vendors quote it back ("The 'To' number +4477… is not…").
const E164_IN_TEXT = /\+\d{7,15}(?!\d)/g;
// A bare run of 7 to 15 digits (a number without its +, a Telegram chat id), but not a piece
// of an ARN's account (:111122223333:), a UUID, a decimal or a longer token.
const BARE_NUMBER_IN_TEXT = /(?<![\w.:+-])\d{7,15}(?![\w.:-])/g;

/**
 * A JSON replacer (Powertools' `jsonReplacerFn`) that masks customers' handles: values under
 * handle keys whole, and phone numbers inside any other string, keeping the last four digits.
 */
export function maskHandles(key: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (HANDLE_KEYS.has(key)) return maskHandle(value);
  return value
    .replace(E164_IN_TEXT, (number) => maskPhoneNumber(number))
    .replace(BARE_NUMBER_IN_TEXT, (number) => maskPhoneNumber(number));
}

function maskHandle(handle: string): string {
  const text = handle.replace(E164_IN_TEXT, (number) => maskPhoneNumber(number));
  if (text !== handle) return text;
  return handle.length <= 4
    ? "*".repeat(handle.length)
    : `${"*".repeat(handle.length - 4)}${handle.slice(-4)}`;
}
