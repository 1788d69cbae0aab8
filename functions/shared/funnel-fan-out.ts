import type { FunnelRecorder } from "../../core/ports/funnel-recorder.ts";

/**
 * One funnel recorder that records each event in all of them: the table's counters (what
 * `npm run ops -- funnel` reads) and, in Lambda, the CloudWatch metrics. Absent ones are skipped.
 */
export function funnelFanOut(
  ...recorders: readonly (FunnelRecorder | undefined)[]
): FunnelRecorder {
  const present = recorders.filter((recorder) => recorder !== undefined);
  if (present.length === 1 && present[0]) return present[0];
  return {
    async record(event) {
      await Promise.all(present.map((recorder) => recorder.record(event)));
    },
  };
}
