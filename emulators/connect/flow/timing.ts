import type { FlowClock } from "./flow-host.ts";

export type Raced<T> = { readonly kind: "done"; readonly value: T } | { readonly kind: "timeout" };

/**
 * Runs `task` against a clock timer. The loser is aborted: the timer is dropped when the task
 * wins, and the task's signal fires when time runs out. `parent` aborts both.
 */
export async function raceWithTimeout<T>(options: {
  clock: FlowClock;
  timeoutMs: number;
  task: (signal: AbortSignal) => Promise<T>;
  parent?: AbortSignal;
}): Promise<Raced<T>> {
  const { clock, timeoutMs, task, parent } = options;
  parent?.throwIfAborted();
  const taskAbort = new AbortController();
  const timerAbort = new AbortController();
  const onParentAbort = () => {
    taskAbort.abort(parent?.reason);
    timerAbort.abort(parent?.reason);
  };
  parent?.addEventListener("abort", onParentAbort, { once: true });
  const running = task(taskAbort.signal);
  const timer = clock.sleep(Math.max(0, timeoutMs), timerAbort.signal);
  // The loser settles later (often by rejecting on abort); nobody awaits it.
  running.catch(() => {});
  timer.catch(() => {});
  try {
    return await Promise.race([
      running.then((value) => ({ kind: "done", value }) as const),
      timer.then(() => ({ kind: "timeout" }) as const),
    ]);
  } finally {
    parent?.removeEventListener("abort", onParentAbort);
    taskAbort.abort(new Error("superseded"));
    timerAbort.abort(new Error("superseded"));
  }
}
