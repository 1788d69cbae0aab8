import type { FlowClock } from "./flow-host.ts";

interface PendingSleep {
  readonly id: number;
  readonly at: number;
  readonly resolve: () => void;
}

/**
 * A clock for tests. Time moves only through timers: with `autoAdvance` (the default), once
 * every pending promise has settled it jumps to the earliest timer and fires it, so a run that
 * waits 8 virtual seconds finishes in microseconds. Only in-process work may be awaited while
 * it runs; real I/O would see time jump past it.
 */
export class VirtualClock implements FlowClock {
  private current: number;
  private nextId = 1;
  private pending: PendingSleep[] = [];
  private tickScheduled = false;
  private readonly autoAdvance: boolean;

  constructor(options: { startMs?: number; autoAdvance?: boolean } = {}) {
    this.current = options.startMs ?? Date.UTC(2026, 0, 5, 9, 0, 0);
    this.autoAdvance = options.autoAdvance ?? true;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const id = this.nextId++;
      const onAbort = () => {
        this.pending = this.pending.filter((entry) => entry.id !== id);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const at = this.current + Math.max(0, ms);
      this.pending.push({
        id,
        at,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      });
      this.scheduleTick();
    });
  }

  /** Moves time forward by `ms`, firing due timers in order and letting each one's work settle. */
  async advanceBy(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.fire(next);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.current = target;
  }

  /** Number of timers waiting to fire. */
  get pendingCount(): number {
    return this.pending.length;
  }

  private earliest(): PendingSleep | undefined {
    let best: PendingSleep | undefined;
    for (const entry of this.pending) {
      if (!best || entry.at < best.at || (entry.at === best.at && entry.id < best.id)) best = entry;
    }
    return best;
  }

  private fire(entry: PendingSleep): void {
    this.pending = this.pending.filter((other) => other.id !== entry.id);
    this.current = Math.max(this.current, entry.at);
    entry.resolve();
  }

  private scheduleTick(): void {
    if (!this.autoAdvance || this.tickScheduled) return;
    this.tickScheduled = true;
    // setImmediate runs after the microtask queue drains, i.e. when in-process work is idle.
    setImmediate(() => {
      this.tickScheduled = false;
      const next = this.earliest();
      if (!next) return;
      this.fire(next);
      if (this.pending.length) this.scheduleTick();
    });
  }
}

/** The shape of a timer-based clock such as the Connect emulator's own. */
export interface TimerClock {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: never): void;
}

/** Adapts a timer-based clock (setTimeout/clearTimeout) to the interpreter's FlowClock. */
export function flowClockFromTimers(clock: TimerClock): FlowClock {
  return {
    now: () => clock.now(),
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const handle = clock.setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, ms);
        const onAbort = () => {
          clock.clearTimeout(handle as never);
          reject(signal?.reason);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}
