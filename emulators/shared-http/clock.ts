/**
 * Time as every emulator sees it, the one clock of the emulators: the wall clock
 * (RealClock), a clock that moves only when told (ManualClock), or the wall clock shifted
 * forward on demand (OffsetClock). Tests swap in a ManualClock to make a model deterministic.
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: number;
}

/** The wall clock, backed by Node's timers. Timers are unref'd so they never hold the process. */
export class RealClock implements Clock {
  private nextId = 1;
  private readonly timers = new Map<number, NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        callback();
      },
      Math.max(0, delayMs),
    );
    timer.unref();
    this.timers.set(id, timer);
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    clearTimeout(this.timers.get(handle.id));
    this.timers.delete(handle.id);
  }

  /** Cancels every pending timer, for shutdown. */
  clearAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

interface ManualTimer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/**
 * Work a clock should wait for before moving time on (a flow's Lambda call doing real I/O), so
 * a timeout timer cannot fire while the work is still running.
 */
export interface WorkTracker {
  track<T>(work: Promise<T>): Promise<T>;
}

export interface ManualClockOptions {
  /**
   * Moves on by itself: once in-process work is idle (tracked work settled, pending callbacks
   * run), time jumps to the earliest timer and fires it, so a flow run that waits 8 seconds
   * finishes in microseconds. Only in-process or tracked work may run meanwhile: untracked
   * real I/O would see time jump past it.
   */
  readonly autoAdvance?: boolean;
}

/**
 * A clock that moves only when told to (timers fire in time order during advance()), or by
 * itself from one timer to the next with `autoAdvance`.
 */
export class ManualClock implements Clock, WorkTracker {
  private current: number;
  private nextId = 1;
  private timers: ManualTimer[] = [];
  private readonly work = new Set<Promise<unknown>>();
  private readonly autoAdvance: boolean;
  private tickScheduled = false;

  constructor(startMs = Date.UTC(2026, 0, 5, 9, 0, 0), options: ManualClockOptions = {}) {
    this.current = startMs;
    this.autoAdvance = options.autoAdvance ?? false;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, at: this.current + Math.max(0, delayMs), callback });
    if (this.autoAdvance) this.scheduleTick();
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle.id);
  }

  /** Moves time forward, firing due timers (including ones they schedule) in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.nextDue(target);
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer.id !== due.id);
      this.current = due.at;
      due.callback();
    }
    this.current = target;
  }

  /**
   * Like advance, for async work such as flow runs: before each due timer fires, waits until
   * tracked work has settled and pending callbacks have run, so each step sees the time it
   * was scheduled for. A flow's Lambda handler therefore runs to completion in no virtual
   * time; one that never answers is cut off by its own (real-time) function timeout.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await this.settle();
      const due = this.nextDue(target);
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer.id !== due.id);
      this.current = due.at;
      due.callback();
    }
    this.current = target;
  }

  /** Waits until tracked work has finished and the event loop has drained pending callbacks. */
  async settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      while (this.work.size > 0) await Promise.allSettled([...this.work]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.work.add(work);
    const done = () => this.work.delete(work);
    work.then(done, done);
    return work;
  }

  /** Timers waiting to fire. */
  get pendingCount(): number {
    return this.timers.length;
  }

  // setImmediate runs once the microtask queue has drained, i.e. when in-process work is idle.
  private scheduleTick(): void {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    setImmediate(() => this.tick());
  }

  private tick(): void {
    this.tickScheduled = false;
    if (this.work.size > 0) {
      void Promise.allSettled([...this.work]).then(() => this.scheduleTick());
      return;
    }
    const due = this.nextDue(Number.POSITIVE_INFINITY);
    if (!due) return;
    this.timers = this.timers.filter((timer) => timer.id !== due.id);
    this.current = Math.max(this.current, due.at);
    due.callback();
    if (this.timers.length > 0) this.scheduleTick();
  }

  private nextDue(target: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const timer of this.timers) {
      if (timer.at > target) continue;
      if (!best || timer.at < best.at || (timer.at === best.at && timer.id < best.id)) best = timer;
    }
    return best;
  }
}

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** A clock a test can move forward, to cross a 24-hour window without waiting. */
export interface SteppableClock extends Clock {
  advance(ms: number): void;
}

/**
 * The wall clock (or another base), shifted forward by `advance`: what the messenger
 * emulators run on by default. Timers run in real time.
 */
export class OffsetClock extends RealClock implements SteppableClock {
  #offsetMs = 0;
  readonly #base: () => number;

  constructor(base: () => number = Date.now) {
    super();
    this.#base = base;
  }

  override now(): number {
    return this.#base() + this.#offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("advance() needs a finite ms >= 0");
    this.#offsetMs += ms;
  }
}
