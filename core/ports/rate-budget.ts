/** A request-rate quota: `ratePerSecond` calls flow in, at most `burst` may go at once. */
export interface RateQuota {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** What a shared budget granted: some calls now, or none and when to ask again. */
export interface RateGrant {
  readonly granted: number;
  /** When nothing was granted: how long until a token is due. */
  readonly retryInMs: number;
}

/**
 * A rate budget shared by every process that calls one API (an account-wide quota), kept where
 * all of them can reach it. Each budget is named, and its quota given with every request.
 */
export interface SharedRateBudget {
  /** Takes up to `tokens` calls' worth of the budget at once; all of them or none. */
  take(budget: string, tokens: number, quota: RateQuota): Promise<RateGrant>;

  /** Lets no one take from the budget before `until` (the API throttled someone anyway). */
  holdUntil(budget: string, until: Date, quota: RateQuota): Promise<void>;
}
