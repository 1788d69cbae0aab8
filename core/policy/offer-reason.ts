/** Why the deflect check answered as it did. Stable codes: flows and dashboards key on them. */
export const OFFER_REASONS = [
  "OFFER",
  "SHADOW_MODE",
  "POLICY_OFF",
  "NO_POLICY",
  "OUTSIDE_HOURS",
  "WAIT_BELOW_THRESHOLD",
  "NO_CHANNEL_ENABLED",
  "NO_REACHABLE_CHANNEL",
  "CHANNEL_UNHEALTHY",
  "CUSTOMER_OPTED_OUT",
  "SHARE_LIMIT",
  "ALREADY_OFFERED",
  "ANONYMOUS_CALLER",
  "INVALID_PHONE_NUMBER",
  "METRICS_UNAVAILABLE",
  "TIMEOUT",
  "BAD_EVENT",
  "INTERNAL_ERROR",
] as const;

export type OfferReason = (typeof OFFER_REASONS)[number];
