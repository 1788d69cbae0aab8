import type { ClaimSpec, IdempotencyStore } from "../ports/idempotency-store.ts";

export type Stored = Readonly<Record<string, string>>;

/** How a claimed piece of work went: done now, done before, or being done elsewhere. */
export type ClaimOutcome<R extends Stored> =
  | { readonly state: "done"; readonly result: R }
  | { readonly state: "completed"; readonly result: Stored }
  | { readonly state: "in-progress"; readonly claimedAt: string };

/**
 * Runs `work` once per key: claims the key, runs the work, and completes the key with the
 * work's result, which answers every later call. If the work throws, the claim is released
 * and the error rethrown, so a retry may start at once instead of waiting out the lease. A
 * key completed or held by another worker is answered without running the work.
 */
export async function withClaim<R extends Stored>(
  store: IdempotencyStore,
  spec: ClaimSpec,
  work: () => Promise<R>,
): Promise<ClaimOutcome<R>> {
  const claim = await store.claim(spec);
  if (claim.state === "completed") return { state: "completed", result: claim.result };
  if (claim.state === "in-progress") return { state: "in-progress", claimedAt: claim.claimedAt };
  let result: R;
  try {
    result = await work();
  } catch (error) {
    await store.release({ key: spec.key, claimId: claim.claimId });
    throw error;
  }
  await store.complete({ key: spec.key, result });
  return { state: "done", result };
}
