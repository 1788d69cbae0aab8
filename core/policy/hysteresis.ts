import type { Thresholds } from "./queue-policy.ts";

/**
 * Whether offering is switched on for a queue and channel, given whether it was on before.
 * It turns on when the wait reaches `onWaitSeconds` and stays on until the wait falls below
 * `offWaitSeconds`, so a queue hovering near one line does not flap between offer and none.
 */
export function offeringActive(options: {
  wasActive: boolean;
  waitSeconds: number;
  thresholds: Thresholds;
}): boolean {
  const { wasActive, waitSeconds, thresholds } = options;
  return wasActive
    ? waitSeconds >= thresholds.offWaitSeconds
    : waitSeconds >= thresholds.onWaitSeconds;
}

/** A stable number in [0, 1) for a contact id (FNV-1a), so a retried check decides the same. */
export function sampleFraction(contactId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < contactId.length; i++) {
    hash ^= contactId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x1_0000_0000;
}
