import type {
  ClaimSpec,
  IdempotencyClaim,
  IdempotencyStore,
} from "../../core/ports/idempotency-store.ts";

/** IdempotencyStore in memory, with the DynamoDB one's semantics (no TTLs or leases). */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly #claims = new Map<string, IdempotencyClaim>();
  #claimCount = 0;

  async claim(spec: ClaimSpec): Promise<IdempotencyClaim> {
    const claim = this.#claims.get(spec.key);
    if (claim) return claim.state === "completed" ? claim : { state: "in-progress", claimedAt: "" };
    const claimId = `claim-${++this.#claimCount}`;
    this.#claims.set(spec.key, { state: "in-progress", claimedAt: claimId });
    return { state: "claimed", claimId };
  }

  async release(options: { key: string; claimId: string }) {
    const claim = this.#claims.get(options.key);
    if (claim?.state === "in-progress" && claim.claimedAt === options.claimId) {
      this.#claims.delete(options.key);
    }
  }

  async complete(options: { key: string; result: Readonly<Record<string, string>> }) {
    this.#claims.set(options.key, { state: "completed", result: options.result });
  }

  /** What a key holds now, for a test's assertions. */
  peek(key: string): IdempotencyClaim | undefined {
    return this.#claims.get(key);
  }
}
