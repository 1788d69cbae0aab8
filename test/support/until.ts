import { vi } from "vitest";

/**
 * Waits until `check` holds, polling with vitest's waitFor; fails after `timeoutMs`. For tests
 * that watch a live server or socket reach a state.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await check())) throw new Error("condition not met in time");
    },
    { timeout: timeoutMs, interval: 5 },
  );
}
