import { createHash } from "node:crypto";

/**
 * A UUID-shaped id derived from its parts (instance id, kind, name), so a seeded instance
 * gets the same queue, flow and agent ids on every start.
 */
export function stableId(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  // Version 5 and RFC 4122 variant bits, as a name-based UUID carries them.
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join("-");
}
