import { readFileSync } from "node:fs";
import { type IntervalHistogram, monitorEventLoopDelay } from "node:perf_hooks";

/** CPU milliseconds used so far by each process: this one and its children, by role. */
export type CpuSnapshot = ReadonlyMap<string, number>;

export const PRODUCT_CPU = "product (this process)";

// /proc/<pid>/stat counts in clock ticks; 100 per second on Linux unless built otherwise.
const TICK_MS = 10;

/**
 * Where the CPU goes during a run, per process, read from /proc (Linux only; elsewhere the
 * snapshot is empty and only this process's own figure, from process.cpuUsage, is shown).
 * Children are named by the script they run (dynalite, the Connect emulator).
 */
export function cpuSnapshot(): CpuSnapshot {
  const usage = process.cpuUsage();
  const result = new Map<string, number>([
    ["product (this process)", (usage.user + usage.system) / 1000],
  ]);
  for (const pid of childPids(process.pid)) {
    const name = childName(pid);
    if (name) result.set(name, processCpuMs(pid) ?? Number.NaN);
  }
  return result;
}

export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): Map<string, number> {
  return new Map([...after].map(([name, ms]) => [name, ms - (before.get(name) ?? 0)]));
}

/** Event-loop delay of this process while `work` runs: how long ready work waited its turn. */
export function loopDelay(): IntervalHistogram {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return histogram;
}

function childPids(pid: number): number[] {
  try {
    const tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8");
    return tasks.trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function childName(pid: number): string | undefined {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (args.includes("dynalite-child")) return "dynalite (child)";
    if (args.includes("connect-child")) return "Connect emulator (child)";
  } catch {
    // The child has gone; nothing to count.
  }
  return undefined;
}

function processCpuMs(pid: number): number | undefined {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}
