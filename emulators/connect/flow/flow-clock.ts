import { type Clock, ManualClock } from "../../shared-http/clock.ts";
import type { FlowClock } from "./flow-host.ts";

/**
 * The interpreter's clock on the emulators' one clock (shared-http/clock.ts): a RealClock in
 * the sandbox, a ManualClock in tests (with `autoAdvance` where nothing else moves time).
 */
export function flowClockFromTimers(clock: Clock): FlowClock {
  return {
    now: () => clock.now(),
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const handle = clock.setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, ms);
        // An aborted sleep drops its timer, so an auto-advancing clock never jumps to it.
        const onAbort = () => {
          clock.clearTimeout(handle);
          reject(signal?.reason);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}

/**
 * The interpreter's clock for a test or a bench: a ManualClock moving by itself to each timer
 * once in-process work is idle, so a run that waits minutes finishes at once.
 */
export function autoAdvancingClock(startMs?: number): FlowClock {
  return flowClockFromTimers(new ManualClock(startMs, { autoAdvance: true }));
}
