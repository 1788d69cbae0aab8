import { NotFoundError } from "../../core/errors.ts";
import { deliverInOrder } from "../../core/relay/deliver-in-order.ts";
import type { RelayDeps } from "../../core/relay/relay-deps.ts";
import type { RelayLogger } from "../relay-logger.ts";
import { backoffDelayMs } from "./backoff.ts";
import type { SocketPool } from "./socket-pool.ts";

export interface CatchUpTiming {
  /** The first retry's ceiling; each later one doubles it (equal jitter, backoff.ts). */
  readonly baseMs: number;
  readonly maxMs: number;
  /**
   * Retries after the first failed attempt; then the chat waits for its next item. Raised, when
   * needed, so the retries outlast a claim another worker holds (the relay's claim lease).
   */
  readonly maxRetries: number;
}

/**
 * Enough retries for their total delay to pass `leaseSeconds`, even at the shortest jitter
 * (equal jitter waits at least half of each ceiling; four retries to reach the cap).
 */
export function retriesOutlasting(leaseSeconds: number, timing: CatchUpTiming): number {
  const shortestCappedMs = timing.maxMs / 2;
  return Math.max(timing.maxRetries, 4 + Math.ceil((leaseSeconds * 1000) / shortestCappedMs));
}

export const DEFAULT_CATCH_UP_TIMING: CatchUpTiming = {
  baseMs: 1_000,
  maxMs: 16_000,
  maxRetries: 5,
};

/** Work for one chat that may fail for a passing reason (a 503, another worker's claim). */
export type ChatTask = () => Promise<void>;

/** A retryable piece of work; one retry per key is pending at a time. */
interface Job {
  readonly key: string;
  readonly run: ChatTask;
}

/**
 * Runs each chat's catch-ups in the chat's own queue, so they keep the order of its items, and
 * retries a failed one with bounded, jittered backoff. A catch-up sends every agent message
 * of the chat not sent yet, in transcript order (deliverInOrder), so one pending retry per
 * chat covers every failure before it.
 */
export class ChatCatchUps {
  readonly #deps: RelayDeps;
  readonly #pool: SocketPool;
  readonly #logger: RelayLogger;
  readonly #timing: CatchUpTiming;
  readonly #random: (() => number) | undefined;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #stopped = false;

  constructor(options: {
    deps: RelayDeps;
    pool: SocketPool;
    logger: RelayLogger;
    timing?: Partial<CatchUpTiming>;
    random?: () => number;
  }) {
    this.#deps = options.deps;
    this.#pool = options.pool;
    this.#logger = options.logger;
    const timing = { ...DEFAULT_CATCH_UP_TIMING, ...options.timing };
    const maxRetries = retriesOutlasting(options.deps.settings.claimLeaseSeconds, timing);
    this.#timing = { ...timing, maxRetries };
    this.#random = options.random;
  }

  /** Queues a catch-up of the chat now (after a fresh hold or a reconnect). */
  catchUp(chatContactId: string): Promise<void> {
    const job = { key: chatContactId, run: this.#catchUpTask(chatContactId) };
    return this.#run(chatContactId, job, 0);
  }

  /** The same catch-up, run by a task already in the chat's queue (after a reconnect). */
  catchUpHere(chatContactId: string): Promise<void> {
    const job = { key: chatContactId, run: this.#catchUpTask(chatContactId) };
    return this.#guarded(chatContactId, job, 0)();
  }

  /**
   * Retries after a failure: a catch-up of the chat, or `task` itself, named by `taskId`
   * (e.g. handling chat.ended, after which the chat has no queue left).
   */
  retry(
    chatContactId: string,
    options: { error: unknown; task?: { id: string; run: ChatTask } },
  ): void {
    const job = options.task
      ? { key: `${chatContactId}/${options.task.id}`, run: options.task.run }
      : { key: chatContactId, run: this.#catchUpTask(chatContactId) };
    this.#schedule(chatContactId, job, { attempt: 0, error: options.error });
  }

  /** Cancels every pending retry (the relay is stopping; the next process catches up). */
  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  /** Pending retries, for the relay's health figures. */
  get pending(): number {
    return this.#timers.size;
  }

  #catchUpTask(chatContactId: string): ChatTask {
    return async () => {
      const session = await this.#deps.sessions.findByChat(chatContactId);
      if (!session) throw new NotFoundError(`no session is linked to chat ${chatContactId}`);
      // Items may have come while the socket was away: until a pass through the transcript
      // has reached an item newer than now, none is sent from its frame alone.
      const now = this.#deps.clock.now().toISOString();
      await this.#deps.cursors.holdOrder(chatContactId, now);
      await deliverInOrder(this.#deps, { session, chatContactId });
    };
  }

  /** In the chat's queue while it is held; on its own once the socket is gone (chat ended). */
  #run(chatContactId: string, job: Job, attempt: number): Promise<void> {
    const guarded = this.#guarded(chatContactId, job, attempt);
    return this.#pool.get(chatContactId) ? this.#pool.enqueue(chatContactId, guarded) : guarded();
  }

  #guarded(chatContactId: string, job: Job, attempt: number): () => Promise<void> {
    return async () => {
      try {
        await job.run();
      } catch (error) {
        this.#schedule(chatContactId, job, { attempt, error });
      }
    };
  }

  #schedule(chatContactId: string, job: Job, failed: { attempt: number; error: unknown }): void {
    const error = failed.error instanceof Error ? failed.error.message : String(failed.error);
    const retry = failed.attempt + 1;
    if (this.#stopped) return;
    if (retry > this.#timing.maxRetries) {
      this.#logger.error("giving up catching up a chat; its next item or reconnect retries", {
        chatContactId,
        error,
        attempts: retry,
      });
      return;
    }
    if (this.#timers.has(job.key)) return;
    const delayMs = backoffDelayMs(failed.attempt, {
      baseMs: this.#timing.baseMs,
      maxMs: this.#timing.maxMs,
      ...(this.#random ? { random: this.#random } : {}),
    });
    this.#logger.warn("relaying to the customer failed; catching up the chat later", {
      chatContactId,
      error,
      retry,
      delayMs,
    });
    const timer = setTimeout(() => {
      this.#timers.delete(job.key);
      void this.#run(chatContactId, job, retry);
    }, delayMs);
    this.#timers.set(job.key, timer);
  }
}
