import { DEFAULT_PACING } from "../../config/connect-quotas.ts";

/**
 * DEFLECT_CONNECT_QUOTAS for a world whose Connect emulator runs with `quotas: "off"`: an
 * account whose quotas AWS raised a hundredfold, so pacing never holds a call back.
 */
export const RAISED_CONNECT_QUOTAS = JSON.stringify(
  Object.fromEntries(
    Object.entries(DEFAULT_PACING).map(([budget, quota]) => [
      budget,
      { ratePerSecond: quota.ratePerSecond * 100, burst: quota.burst * 100 },
    ]),
  ),
);
