import { addressKey, type CustomerAddress } from "../../core/channel.ts";
import { ConflictError } from "../../core/errors.ts";
import type { CreateSessionResult, SessionStore } from "../../core/ports/session-store.ts";
import type { DeflectionSession } from "../../core/session/deflection-session.ts";

/** SessionStore in memory, with the same conditional semantics as the DynamoDB one (no TTLs). */
export class InMemorySessionStore implements SessionStore {
  readonly sessions = new Map<string, DeflectionSession>();
  readonly #addresses = new Map<string, string>();
  readonly #chats = new Map<string, string>();

  async createSession(session: DeflectionSession): Promise<CreateSessionResult> {
    const existing = this.sessions.get(session.voiceContactId);
    if (existing) return { created: false, existing };
    this.sessions.set(session.voiceContactId, session);
    this.#addresses.set(addressKey(session.address), session.voiceContactId);
    return { created: true, session };
  }

  async getSession(voiceContactId: string) {
    return this.sessions.get(voiceContactId);
  }

  async saveTransition(previous: DeflectionSession, next: DeflectionSession) {
    const stored = this.sessions.get(previous.voiceContactId);
    if (stored?.version !== previous.version || stored.status !== previous.status) {
      throw new ConflictError("changed");
    }
    this.sessions.set(next.voiceContactId, next);
  }

  async findByAddress(address: CustomerAddress) {
    const id = this.#addresses.get(addressKey(address));
    return id ? this.sessions.get(id) : undefined;
  }

  async linkChat(chatContactId: string, voiceContactId: string) {
    this.#chats.set(chatContactId, voiceContactId);
  }

  async findByChat(chatContactId: string) {
    const id = this.#chats.get(chatContactId);
    return id ? this.sessions.get(id) : undefined;
  }
}
