import { ConflictError } from "../errors.ts";
import { type Stored, withClaim } from "../reliability/with-claim.ts";
import type { RelayDeps } from "./relay-deps.ts";

const CLAIM_TTL_SECONDS = 7 * 24 * 3600;

/** The idempotency key of one chat item: SNS may deliver it more than once. */
export function itemKey(itemId: string): string {
  return `relay#${itemId}`;
}

/**
 * Runs a chat item's side effect once (withClaim): answers the work's result, or "duplicate"
 * when an earlier delivery did it. An item another worker holds throws ConflictError, so the
 * delivery is retried: if that worker died, its lease ends and the retry does the work. A
 * failed attempt releases the claim, so the redelivery need not wait out the lease.
 */
export async function relayOnce<R extends Stored>(
  deps: RelayDeps,
  options: { itemId: string; work: () => Promise<R> },
): Promise<R | "duplicate"> {
  const { itemId } = options;
  const outcome = await withClaim(
    deps.claims,
    {
      key: itemKey(itemId),
      ttlSeconds: CLAIM_TTL_SECONDS,
      leaseSeconds: deps.settings.claimLeaseSeconds,
    },
    options.work,
  );
  if (outcome.state === "in-progress") {
    throw new ConflictError(`chat item ${itemId} is being relayed since ${outcome.claimedAt}`, {
      details: { itemId },
    });
  }
  return outcome.state === "done" ? outcome.result : "duplicate";
}
