import type { TextSpan } from "./text-span.ts";

// US Social Security number, written 123-45-6789 or 123 45 6789 (one separator, used
// twice). The Social Security Administration never issues area 000, 666 or 900–999,
// group 00 or serial 0000 (SSA, "Social Security Number Randomization"). It must stand
// alone: a group of digits joined to it by a space or dash makes it part of another
// number (a phone number written 212 55 1234 5, say).
const SSN =
  /(?<![0-9][ -]?)(?!000|666|9)[0-9]{3}([ -])(?!00)[0-9]{2}\1(?!0000)[0-9]{4}(?![ -]?[0-9])/g;

// UK National Insurance number: two prefix letters, six digits, a suffix A–D, with or
// without single spaces (AB 12 34 56 C, AB123456C). HMRC never uses D, F, I, Q, U or V in
// the prefix nor O as its second letter, and does not allocate the prefixes BG, GB, KN,
// NK, NT, TN or ZZ (HMRC National Insurance Manual). Case does not matter.
const NINO =
  /(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![A-Za-z0-9])/gi;

/** Where the text holds a US Social Security number or a UK National Insurance number. */
export function nationalIdSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const pattern of [SSN, NINO]) {
    for (const match of text.matchAll(pattern)) {
      spans.push({ start: match.index, end: match.index + match[0].length });
    }
  }
  return spans;
}
