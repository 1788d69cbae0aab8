import { ConflictError } from "../errors.ts";
import type { RelayDeps } from "./relay-deps.ts";

const CLAIM_TTL_SECONDS = 7 * 24 * 3600;

/** The idempotency key of one chat item: SNS may deliver it more than once. */
export function itemKey(itemId: string): string {
  return `relay#${itemId}`;
}

/** A claimed item: do the work, then complete it, or release it when the work failed. */
export interface ItemClaim {
  readonly itemId: string;
  readonly claimId: string;
}

/**
 * Claims a chat item before its side effect. Answers the claim, or "done" (someone did it).
 * An item another worker holds throws ConflictError, so the delivery is retried: if that
 * worker died, its lease ends and the retry does the work.
 */
export async function claimItem(deps: RelayDeps, itemId: string): Promise<ItemClaim | "done"> {
  const claim = await deps.sessions.claimIdempotencyKey({
    key: itemKey(itemId),
    ttlSeconds: CLAIM_TTL_SECONDS,
    leaseSeconds: deps.settings.claimLeaseSeconds,
  });
  if (claim.state === "completed") return "done";
  if (claim.state === "in-progress") {
    throw new ConflictError(`chat item ${itemId} is being relayed since ${claim.claimedAt}`, {
      details: { itemId },
    });
  }
  return { itemId, claimId: claim.claimId };
}

/**
 * Runs `work` under the claim: completes the item with its result, or releases the claim and
 * rethrows when it failed, so the retry that follows need not wait out the lease.
 */
export async function underClaim(
  deps: RelayDeps,
  claim: ItemClaim,
  work: () => Promise<Readonly<Record<string, string>>>,
): Promise<void> {
  let result: Readonly<Record<string, string>>;
  try {
    result = await work();
  } catch (error) {
    await deps.sessions.releaseIdempotencyKey({
      key: itemKey(claim.itemId),
      claimId: claim.claimId,
    });
    throw error;
  }
  await completeItem(deps, claim.itemId, result);
}

export function completeItem(
  deps: RelayDeps,
  itemId: string,
  result: Readonly<Record<string, string>>,
): Promise<void> {
  return deps.sessions.completeIdempotencyKey({ key: itemKey(itemId), result });
}
