import type { OpsOutput } from "./ops-context.ts";

const BAR_WIDTH = 30;

/**
 * Progress on stderr, never stdout (stdout may be JSON for another tool). A terminal gets a
 * bar redrawn in place and cleared at the end; a pipe or file gets a plain line per quarter.
 */
export function simulateProgress(output: OpsOutput): (done: number, total: number) => void {
  const tty = (output as { isTTY?: boolean }).isTTY === true;
  let shown = -1;
  return (done, total) => {
    const percent = Math.floor((done / total) * 100);
    if (tty) {
      if (percent === shown) return;
      shown = percent;
      const filled = Math.round((done / total) * BAR_WIDTH);
      const bar = `${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}`;
      output.write(`\rsimulating [${bar}] ${String(percent).padStart(3)}% ${done}/${total} days`);
      if (done === total) output.write(`\r${" ".repeat(BAR_WIDTH + 40)}\r`);
      return;
    }
    const quarter = Math.floor(percent / 25);
    if (quarter === shown || quarter === 0) return;
    shown = quarter;
    output.write(`simulating: ${quarter * 25}% (${done} of ${total} days)\n`);
  };
}
