import { performance } from "node:perf_hooks";

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly perSecond: number;
}

/** Runs `task` `count` times with at most `concurrency` in flight and summarises latencies. */
export async function measure(options: {
  count: number;
  concurrency: number;
  task: (index: number) => Promise<unknown> | unknown;
}): Promise<LatencySummary> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.count) {
      const index = next++;
      const t0 = performance.now();
      await options.task(index);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    count: latencies.length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: latencies.at(-1) ?? 0,
    perSecond: (latencies.length / elapsedMs) * 1000,
  };
}

export function report(name: string, summary: LatencySummary): void {
  console.log(
    `${name.padEnd(48)} n=${String(summary.count).padStart(6)}  ${summary.perSecond.toFixed(0).padStart(7)}/s  p50=${summary.p50Ms.toFixed(3)}ms  p99=${summary.p99Ms.toFixed(3)}ms  max=${summary.maxMs.toFixed(3)}ms`,
  );
}
