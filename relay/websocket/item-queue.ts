import type { ChatItem } from "../../core/relay/chat-item.ts";

export interface ItemQueueOptions {
  /** How many recent item ids to remember for de-duplication (two sockets overlap briefly). */
  readonly rememberIds: number;
  /** Called when a task throws; the queue carries on with the next one. */
  readonly onError: (error: unknown) => void;
}

/**
 * One conversation's work, one task at a time in arrival order, so a slow handler never lets
 * a later item overtake an earlier one. Items whose id was queued recently are skipped.
 */
export class ItemQueue {
  readonly #options: ItemQueueOptions;
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;
  // A small ring of recent ids; allocated on the first item so idle conversations stay small.
  #recent: string[] | undefined;
  #recentIds: Set<string> | undefined;
  #next = 0;

  constructor(options: ItemQueueOptions) {
    this.#options = options;
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.#pending;
  }

  /** Queues `item` for `handle` unless the same id was queued recently; false for a repeat. */
  pushItem(item: ChatItem, handle: (item: ChatItem) => Promise<void> | void): boolean {
    if (this.#remember(item.id)) return false;
    void this.push(() => handle(item));
    return true;
  }

  /** Queues a task after everything queued before it; resolves once it has run. */
  push(task: () => Promise<void> | void): Promise<void> {
    this.#pending++;
    const run = this.#tail.then(async () => {
      try {
        await task();
      } catch (error) {
        this.#options.onError(error);
      } finally {
        this.#pending--;
      }
    });
    this.#tail = run;
    return run;
  }

  /** Resolves when every task queued so far has run. */
  idle(): Promise<void> {
    return this.#tail;
  }

  /** Records an id; true when it was already among the recent ones. */
  #remember(id: string): boolean {
    this.#recentIds ??= new Set();
    this.#recent ??= [];
    if (this.#recentIds.has(id)) return true;
    const evicted = this.#recent[this.#next];
    if (evicted !== undefined) this.#recentIds.delete(evicted);
    this.#recent[this.#next] = id;
    this.#recentIds.add(id);
    this.#next = (this.#next + 1) % this.#options.rememberIds;
    return false;
  }
}
