import type { CustomerAddress } from "../channel.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";

/** The outcome of an idempotent create: the first write wins, later ones see it. */
export type CreateSessionResult =
  | { readonly created: true; readonly session: DeflectionSession }
  | { readonly created: false; readonly existing: DeflectionSession };

/**
 * Durable storage of deflection sessions, their address pointers and chat links. Every state
 * change is conditional: it succeeds only if nobody changed the record first. (Keys claimed
 * before a side effect live in IdempotencyStore.)
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
}
