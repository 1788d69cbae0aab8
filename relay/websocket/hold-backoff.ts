/**
 * When a live chat whose socket could not be held may be tried again: the first failure
 * waits `firstMs`, each later one twice as long up to `maxMs`, so a chat that keeps failing
 * (its token refused, Connect throttling) does not cost a connect call on every poll.
 */
export class HoldBackoff {
  readonly #firstMs: number;
  readonly #maxMs: number;
  readonly #now: () => number;
  readonly #failures = new Map<string, { count: number; notBefore: number }>();

  constructor(options: { firstMs: number; maxMs: number; now?: () => number }) {
    this.#firstMs = options.firstMs;
    this.#maxMs = options.maxMs;
    this.#now = options.now ?? Date.now;
  }

  /** Records a failure; returns how long the chat now waits. */
  fail(chatContactId: string): number {
    const count = (this.#failures.get(chatContactId)?.count ?? 0) + 1;
    const delayMs = Math.min(this.#maxMs, this.#firstMs * 2 ** Math.min(count - 1, 30));
    this.#failures.set(chatContactId, { count, notBefore: this.#now() + delayMs });
    return delayMs;
  }

  /** True while the chat is still waiting after its last failure. */
  waiting(chatContactId: string): boolean {
    const failure = this.#failures.get(chatContactId);
    return failure !== undefined && failure.notBefore > this.#now();
  }

  /** Forgets the chats no longer listed. */
  retain(listed: ReadonlySet<string>): void {
    for (const chatContactId of this.#failures.keys()) {
      if (!listed.has(chatContactId)) this.#failures.delete(chatContactId);
    }
  }

  /** The chat was held (or ended): its next failure starts from the first wait again. */
  forget(chatContactId: string): void {
    this.#failures.delete(chatContactId);
  }
}
