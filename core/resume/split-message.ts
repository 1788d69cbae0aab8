/** Connect's limit for a text/plain or text/markdown participant message (protocols.md §4). */
export const MAX_MESSAGE_CHARS = 1024;

/**
 * Splits text into ordered parts of at most `maxChars` UTF-16 units whose concatenation is
 * the text itself. Cuts after a line break in the latter half of a part, else after the last
 * whitespace, and only inside a word when one word is longer than a part.
 */
export function splitMessage(text: string, maxChars = MAX_MESSAGE_CHARS): string[] {
  if (maxChars < 2) throw new RangeError("maxChars must be at least 2");
  const parts: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    const cut = cutPoint(rest.slice(0, maxChars));
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

function cutPoint(window: string): number {
  const newline = window.lastIndexOf("\n");
  if (newline + 1 >= window.length / 2) return newline + 1;
  const space = lastWhitespace(window);
  if (space > 0) return space + 1;
  // One word longer than a part: cut it, but never between the halves of a surrogate pair.
  const last = window.charCodeAt(window.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? window.length - 1 : window.length;
}

function lastWhitespace(window: string): number {
  for (let i = window.length - 1; i >= 0; i -= 1) {
    if (/\s/.test(window.charAt(i))) return i;
  }
  return -1;
}
