import { ConflictError } from "../errors.ts";
import type { RelayDeps } from "./relay-deps.ts";

const CLAIM_TTL_SECONDS = 7 * 24 * 3600;

/** The idempotency key of one chat item: SNS may deliver it more than once. */
export function itemKey(itemId: string): string {
  return `relay#${itemId}`;
}

/**
 * Claims a chat item before its side effect. Answers "claimed" (do the work, then complete)
 * or "done" (someone did it). An item another worker holds throws ConflictError, so the
 * delivery is retried: if that worker died, its lease ends and the retry does the work.
 */
export async function claimItem(deps: RelayDeps, itemId: string): Promise<"claimed" | "done"> {
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
  return "claimed";
}

export function completeItem(
  deps: RelayDeps,
  itemId: string,
  result: Readonly<Record<string, string>>,
): Promise<void> {
  return deps.sessions.completeIdempotencyKey({ key: itemKey(itemId), result });
}
