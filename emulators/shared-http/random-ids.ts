import { randomBytes, randomInt } from "node:crypto";

/** Lowercase hex of `bytes` random bytes (Twilio SIDs, LINE user ids, reply tokens). */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** A decimal string of `length` digits without a leading zero (X and Meta ids). */
export function randomDigits(length: number): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < length) digits += String(randomInt(0, 10));
  return digits;
}
