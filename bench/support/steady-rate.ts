import { performance } from "node:perf_hooks";

/**
 * Fires `count` arrivals at a steady `perSecond`, each on its own schedule whatever the
 * earlier ones are doing (an open loop at a fixed rate), and waits for all of them. Both
 * designs meet the same load this way, so their CPU a message compares like with like: a
 * process that runs at 125 messages a second pays more a message for waking up than one
 * kept busy at 700. The first failure is thrown once every arrival has settled.
 */
export async function atSteadyRate(
  options: { count: number; perSecond: number },
  fire: (index: number) => Promise<void>,
): Promise<void> {
  const started = performance.now();
  const failures: unknown[] = [];
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < options.count; index++) {
    const wait = started + (index * 1000) / options.perSecond - performance.now();
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(fire(index).catch((error: unknown) => void failures.push(error)));
  }
  await Promise.all(inFlight);
  if (failures.length > 0) throw failures[0];
}
