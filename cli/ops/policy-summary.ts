import { CHANNEL_KINDS } from "../../core/channel.ts";
import type { Weekday } from "../../core/policy/local-time.ts";
import type { OfferWindow, QueuePolicy, Thresholds } from "../../core/policy/queue-policy.ts";
import { describeQueue } from "./queue-lookup.ts";

/** The week as operators read it, Monday first; day ranges in flags and summaries use it. */
export const WEEK: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** One row of `thresholds list`. */
export function policyRow(policy: QueuePolicy): string[] {
  return [
    describeQueue(policy),
    policy.mode,
    String(policy.thresholds.onWaitSeconds),
    String(policy.thresholds.offWaitSeconds),
    windowsSummary(policy.windows),
    String(policy.maxOfferShare),
    channelsSummary(policy),
    policy.timeZone,
  ];
}

export const POLICY_HEADERS = [
  "QUEUE",
  "MODE",
  "ON S",
  "OFF S",
  "WINDOWS",
  "MAX SHARE",
  "CHANNELS",
  "TIME ZONE",
];

/** `mon-fri 08:00-20:00, sat 09:00-17:00`; `any time` when there are no windows. */
export function windowsSummary(windows: readonly OfferWindow[]): string {
  if (windows.length === 0) return "any time";
  return windows
    .map((w) => `${daysSummary(w.days)} ${w.start}-${w.end}${thresholdsNote(w.thresholds)}`)
    .join(", ");
}

/**
 * Runs of three or more days collapse to a range, across the weekend too: `mon-fri`,
 * `fri-mon`, `mon,wed`, `daily`.
 */
export function daysSummary(days: readonly Weekday[]): string {
  const n = WEEK.length;
  const present = WEEK.map((day) => days.includes(day));
  if (present.every(Boolean)) return "daily";
  // A run of three or more over Sunday into Monday reads as one range, so start after it.
  const lead = present.indexOf(false);
  const offset = lead > 0 && lead + (n - 1 - present.lastIndexOf(false)) >= 3 ? lead + 1 : 0;
  const at = (i: number) => (offset + i) % n;
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    if (!present[at(i)]) continue;
    let end = i;
    while (end + 1 < n && present[at(end + 1)]) end++;
    const run = Array.from({ length: end - i + 1 }, (_, k) => WEEK[at(i + k)]);
    parts.push(run.length >= 3 ? `${run[0]}-${run.at(-1)}` : run.join(","));
    i = end;
  }
  return parts.join(",");
}

/** Enabled channels in the order they are tried; own thresholds shown after the name. */
export function channelsSummary(policy: QueuePolicy): string {
  const order = [...new Set([...policy.channelOrder, ...CHANNEL_KINDS])];
  const enabled = order.flatMap((kind) => {
    const channel = policy.channels[kind];
    return channel?.enabled ? [`${kind}${thresholdsNote(channel.thresholds)}`] : [];
  });
  return enabled.length > 0 ? enabled.join(",") : "none";
}

function thresholdsNote(thresholds: Thresholds | undefined): string {
  return thresholds ? `[${thresholds.onWaitSeconds}/${thresholds.offWaitSeconds}s]` : "";
}
