/** The state of an idempotency key claimed before a side effect. */
export type IdempotencyClaim =
  /** `claimId` names this claim, to release it (and only it) after a failed attempt. */
  | { readonly state: "claimed"; readonly claimId: string }
  | { readonly state: "in-progress"; readonly claimedAt: string }
  | { readonly state: "completed"; readonly result: Readonly<Record<string, string>> };

/** How long a claim's record lives, and how long one worker may hold it. */
export interface ClaimSpec {
  readonly key: string;
  /** How long the key answers retries (its dedupe window). */
  readonly ttlSeconds: number;
  /** A claim left in progress longer than this (its worker died) can be claimed again. */
  readonly leaseSeconds: number;
}

/**
 * Keys claimed before a side effect, so that work done once answers every retry. Use it
 * through `withClaim` (core/reliability/with-claim.ts), which always completes or releases.
 */
export interface IdempotencyStore {
  /** "claimed": do the work; the other states say someone else did it or is doing it. */
  claim(spec: ClaimSpec): Promise<IdempotencyClaim>;

  /**
   * Gives up a claim whose work failed, so a retry may start at once instead of waiting out
   * the lease. A claim taken over by someone else is left alone.
   */
  release(options: { key: string; claimId: string }): Promise<void>;

  /** Stores the result of the work done under a claimed key. */
  complete(options: { key: string; result: Readonly<Record<string, string>> }): Promise<void>;
}
