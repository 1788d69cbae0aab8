import { DependencyFailedError } from "../errors.ts";
import type { Clock } from "../ports/clock.ts";
import type { RateQuota, SharedRateBudget } from "../ports/rate-budget.ts";

/**
 * How a call ranks in its budget. "high" and "normal" wait their turn, high first; "low"
 * never waits: without a token at hand it is refused, so it cannot delay anything that matters.
 */
export type CallPriority = "high" | "normal" | "low";

/** A budget per API: `Op1+Op2` names one budget shared by several operations. */
export type PacingTable = Readonly<Record<string, RateQuota>>;

/** A call the pacer turned away: no token came in time, or a low-priority call found none. */
export class PacedOutError extends DependencyFailedError {}

interface Waiter {
  readonly priority: CallPriority;
  readonly deadline: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

interface BudgetState {
  readonly name: string;
  readonly quota: RateQuota;
  readonly waiters: Waiter[];
  draining: boolean;
  /** Tokens granted beyond the waiters of their request, for this process's next calls. */
  reserve: number;
  /** When the reserve lapses: the end of the span its tokens were granted for. */
  reserveUntil: number;
  /** When this process last made a call on the budget: a reserve is only taken while busy. */
  lastCallAt: number;
}

const RANK: Record<CallPriority, number> = { high: 0, normal: 1, low: 2 };
/** How long a throttled API is left alone by every process, at least. */
const MIN_HOLD_MS = 1_000;
/** The longest a drainer sleeps before it asks the shared budget again. */
const MAX_POLL_MS = 250;
/** A process that called within this takes spare tokens with its next request. */
const RECENT_CALL_MS = 1_000;

/**
 * Paces calls to rate-limited APIs across every process that shares a budget: each call waits
 * for a token of its API's shared budget. The calls waiting in this process at a time are
 * granted together by one request to the budget, highest priority first, so under load most
 * calls add no round trip of their own. A process that has been calling, while the budget has
 * room, also takes spare tokens (up to half the burst) and spends them on its next calls with
 * no request at all, each within the span it was granted for (one interval a token), so the
 * calls are never burstier than the grant. An API that throttles anyway holds the budget for
 * everyone, and drops every reserve. Operations without a budget pass straight through.
 */
export class CallPacer {
  readonly #budget: SharedRateBudget;
  readonly #clock: Clock;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #maxWaitMs: number;
  readonly #byOperation = new Map<string, BudgetState>();

  constructor(options: {
    budget: SharedRateBudget;
    table: PacingTable;
    clock: Clock;
    sleep: (ms: number) => Promise<void>;
    /** A call that cannot get a token within this is refused with PacedOutError. */
    maxWaitMs: number;
  }) {
    this.#budget = options.budget;
    this.#clock = options.clock;
    this.#sleep = options.sleep;
    this.#maxWaitMs = options.maxWaitMs;
    for (const [name, quota] of Object.entries(options.table)) {
      const state: BudgetState = {
        name,
        quota,
        waiters: [],
        draining: false,
        reserve: 0,
        reserveUntil: 0,
        lastCallAt: Number.NEGATIVE_INFINITY,
      };
      for (const operation of name.split("+")) this.#byOperation.set(operation, state);
    }
  }

  /** Waits for the operation's turn; throws PacedOutError when it cannot have one. */
  async admit(operation: string, priority: CallPriority = "normal"): Promise<void> {
    const state = this.#byOperation.get(operation);
    if (!state) return;
    const now = this.#clock.now().getTime();
    if (this.#spendReserve(state, now)) return;
    if (priority === "low") {
      const granted = await this.#budget.take(state.name, 1, state.quota).then(
        (grant) => grant.granted > 0,
        () => false,
      );
      if (granted) {
        state.lastCallAt = now;
        return;
      }
      throw new PacedOutError(`${operation} skipped: its shared budget has no token now`, {
        details: { operation, budget: state.name, retryable: true },
      });
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = { priority, deadline: now + this.#maxWaitMs, resolve, reject };
      const at = state.waiters.findIndex((w) => RANK[w.priority] > RANK[priority]);
      if (at < 0) state.waiters.push(waiter);
      else state.waiters.splice(at, 0, waiter);
      if (!state.draining) void this.#drain(state);
    });
  }

  /** The operation was throttled anyway: every process leaves its budget alone a while. */
  async throttled(operation: string): Promise<void> {
    const state = this.#byOperation.get(operation);
    if (!state) return;
    state.reserve = 0;
    const holdMs = Math.max(MIN_HOLD_MS, (1000 * state.quota.burst) / state.quota.ratePerSecond);
    await this.#budget.holdUntil(
      state.name,
      new Date(this.#clock.now().getTime() + holdMs),
      state.quota,
    );
  }

  /** One loop per budget while calls wait: asks for as many tokens as there are waiters. */
  async #drain(state: BudgetState): Promise<void> {
    state.draining = true;
    // Once the budget has refused, it runs at its rate: after each grant, the next tokens are
    // due no sooner than one interval per token, so asking earlier would only be refused.
    let steady = false;
    const intervalMs = 1000 / state.quota.ratePerSecond;
    const mostAtOnce = Math.max(1, Math.floor(state.quota.burst / 2));
    try {
      while (state.waiters.length > 0) {
        this.#expire(state);
        if (state.waiters.length === 0) break;
        const needed = Math.min(state.waiters.length, mostAtOnce);
        const now = this.#clock.now().getTime();
        const busy = now - state.lastCallAt < RECENT_CALL_MS;
        const spare = steady || !busy ? 0 : mostAtOnce - needed;
        let grant: { granted: number; retryInMs: number };
        try {
          grant = await this.#budget.take(state.name, needed + spare, state.quota);
          // The room may fit the waiters alone.
          if (grant.granted === 0 && spare > 0) {
            grant = await this.#budget.take(state.name, needed, state.quota);
          }
        } catch (error) {
          // The budget cannot be reached: the calls fail as their API would, and are retried.
          for (const waiter of state.waiters.splice(0)) {
            waiter.reject(
              new PacedOutError("the shared call budget could not be read", { cause: error }),
            );
          }
          break;
        }
        const served = state.waiters.splice(0, grant.granted);
        for (const waiter of served) waiter.resolve();
        if (served.length > 0) state.lastCallAt = this.#clock.now().getTime();
        const left = grant.granted - served.length;
        if (left > 0) {
          state.reserve = left;
          state.reserveUntil = this.#clock.now().getTime() + left * intervalMs;
        }
        if (grant.granted === 0) {
          steady = true;
          await this.#sleep(Math.min(MAX_POLL_MS, Math.max(1, grant.retryInMs)));
        } else if (steady && state.waiters.length > 0) {
          await this.#sleep(Math.min(MAX_POLL_MS, grant.granted * intervalMs));
        }
      }
    } finally {
      state.draining = false;
    }
  }

  /** A token from this process's reserve, if one is left and still within its span. */
  #spendReserve(state: BudgetState, now: number): boolean {
    if (state.reserve === 0) return false;
    if (now >= state.reserveUntil) {
      state.reserve = 0;
      return false;
    }
    state.reserve -= 1;
    state.lastCallAt = now;
    return true;
  }

  #expire(state: BudgetState): void {
    const now = this.#clock.now().getTime();
    for (let i = state.waiters.length - 1; i >= 0; i -= 1) {
      const waiter = state.waiters[i];
      if (!waiter || waiter.deadline > now) continue;
      state.waiters.splice(i, 1);
      waiter.reject(
        new PacedOutError(`no token of ${state.name} within ${this.#maxWaitMs} ms`, {
          details: { budget: state.name, retryable: true },
        }),
      );
    }
  }
}
