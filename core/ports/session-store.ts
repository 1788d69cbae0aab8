import type { CustomerAddress } from "../channel.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";

/** The outcome of an idempotent create: the first write wins, later ones see it. */
export type CreateSessionResult =
  | { readonly created: true; readonly session: DeflectionSession }
  | { readonly created: false; readonly existing: DeflectionSession };

/** The state of an idempotency key claimed before a side effect. */
export type IdempotencyClaim =
  /** `claimId` names this claim, to release it (and only it) after a failed attempt. */
  | { readonly state: "claimed"; readonly claimId: string }
  | { readonly state: "in-progress"; readonly claimedAt: string }
  | { readonly state: "completed"; readonly result: Readonly<Record<string, string>> };

/**
 * Durable storage of deflection sessions and the records that keep the product exactly-once.
 * Every state change is conditional: it succeeds only if nobody changed the record first.
 */
export interface SessionStore {
  /**
   * Creates the session keyed by its voice ContactId and points the customer's address at
   * it. If a session for that contact exists, nothing is written and it is returned.
   */
  createSession(session: DeflectionSession): Promise<CreateSessionResult>;

  /** The session for a voice contact, or undefined. */
  getSession(voiceContactId: string): Promise<DeflectionSession | undefined>;

  /**
   * Replaces `previous` with `next` only if the stored session still has previous's status
   * and version. Throws ConflictError when another writer got there first.
   */
  saveTransition(previous: DeflectionSession, next: DeflectionSession): Promise<void>;

  /** The session a customer's address currently points at (the latest deflection), if any. */
  findByAddress(address: CustomerAddress): Promise<DeflectionSession | undefined>;

  /** Records which session a Connect chat belongs to, for the agent → customer relay. */
  linkChat(chatContactId: string, voiceContactId: string): Promise<void>;

  /** The session behind a Connect chat contact, if any. */
  findByChat(chatContactId: string): Promise<DeflectionSession | undefined>;

  /**
   * Claims `key` before a side effect. "claimed" means the caller should do the work and
   * then call completeIdempotencyKey; the other states say someone else did or is doing it.
   * A claim left in progress longer than `leaseSeconds` (its worker died) can be claimed again.
   */
  claimIdempotencyKey(options: {
    key: string;
    ttlSeconds: number;
    leaseSeconds: number;
  }): Promise<IdempotencyClaim>;

  /**
   * Gives up a claim whose work failed before it had any effect, so a retry may start at
   * once instead of waiting out the lease. A claim taken over by someone else is left alone.
   */
  releaseIdempotencyKey(options: { key: string; claimId: string }): Promise<void>;

  /** Stores the result of the work done under a claimed key. */
  completeIdempotencyKey(options: {
    key: string;
    result: Readonly<Record<string, string>>;
  }): Promise<void>;
}
